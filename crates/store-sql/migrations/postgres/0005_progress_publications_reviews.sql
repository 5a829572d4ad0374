-- Departments' progress entries, publications and saved report reviews (PostgreSQL). Same version
-- number and meaning as the other backend's 0005. Times are Unix seconds (UTC).

-- Progress entries on ledger items (see planwatch-store's progress module). period is a month
-- 1..12 (projects, livelihood) or a quarter 1..4 (tasks); payload is the entry as JSON.
-- At most one open (not approved) entry per item-period; approved ones are history.
CREATE TABLE ledger_entries (
    id          BIGSERIAL PRIMARY KEY,
    region_id   BIGINT NOT NULL REFERENCES regions(id),
    year        INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('project', 'task', 'livelihood')),
    item_key    TEXT NOT NULL,
    period      BIGINT NOT NULL CHECK (period BETWEEN 1 AND 12),
    department  TEXT NOT NULL,
    payload     TEXT NOT NULL,
    summary     TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    created_by  TEXT NOT NULL,
    reviewed_by TEXT,
    comment     TEXT,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE UNIQUE INDEX ledger_entries_open ON ledger_entries (region_id, year, kind, item_key, period)
    WHERE status <> 'approved';
CREATE INDEX ledger_entries_queue ON ledger_entries (status, updated_at);
CREATE INDEX ledger_entries_department ON ledger_entries (department, year);

-- Each publication of a period: 0 is the year's actuals, m the 1-m月 cumulative figures.
CREATE TABLE publications (
    id           BIGSERIAL PRIMARY KEY,
    region_id    BIGINT NOT NULL REFERENCES regions(id),
    year         INTEGER NOT NULL,
    period       BIGINT NOT NULL CHECK (period BETWEEN 0 AND 12),
    revision     BIGINT NOT NULL,
    published_at BIGINT NOT NULL,
    published_by TEXT NOT NULL,
    note         TEXT,
    figures      BIGINT NOT NULL,
    new_figures  BIGINT NOT NULL,
    corrections  BIGINT NOT NULL,
    UNIQUE (region_id, year, period, revision)
);

-- The figures as published; a correction keeps the value it replaced.
CREATE TABLE published_figures (
    region_id     BIGINT NOT NULL REFERENCES regions(id),
    year          INTEGER NOT NULL,
    indicator     TEXT NOT NULL,
    period        BIGINT NOT NULL CHECK (period BETWEEN 0 AND 12),
    value_text    TEXT NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1,
    published_at  BIGINT NOT NULL,
    published_by  TEXT NOT NULL,
    previous_text TEXT,
    corrected_at  BIGINT,
    PRIMARY KEY (region_id, year, indicator, period)
);

-- The ledgers as last published (same columns as ledger_items).
CREATE TABLE published_ledger_items (
    region_id BIGINT NOT NULL REFERENCES regions(id),
    year      INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    item_key  TEXT NOT NULL,
    position  BIGINT NOT NULL,
    data      TEXT NOT NULL,
    version   BIGINT NOT NULL,
    PRIMARY KEY (region_id, year, kind, item_key)
);

-- Saved report reviews. The file is kept (base64, so dumps carry it as text) for reruns.
CREATE TABLE report_reviews (
    id          BIGSERIAL PRIMARY KEY,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        BIGINT NOT NULL,
    file_base64 TEXT NOT NULL,
    title       TEXT,
    region      TEXT,
    year        INTEGER,
    findings    TEXT NOT NULL,
    problems    BIGINT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    runs        BIGINT NOT NULL DEFAULT 1,
    rerun_at    BIGINT,
    rerun_by    TEXT,
    version     BIGINT NOT NULL DEFAULT 1
);

CREATE INDEX report_reviews_created ON report_reviews (created_at);

-- Findings a reviewer raised with the DRC, by the finding's stable key.
CREATE TABLE review_marks (
    review_id   BIGINT NOT NULL REFERENCES report_reviews(id),
    finding_key TEXT NOT NULL,
    note        TEXT NOT NULL,
    raised_by   TEXT NOT NULL,
    raised_at   BIGINT NOT NULL,
    PRIMARY KEY (review_id, finding_key)
);
