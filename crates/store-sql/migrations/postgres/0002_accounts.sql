-- Accounts and data entry (PostgreSQL). Keep in step with crates/store-sqlite/migrations/0002_accounts.sql.
-- Times are Unix seconds (UTC). Sessions are keyed by a hash of the client's token.
CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'reporter', 'leader', 'reviewer')),
    department    TEXT,
    password_hash TEXT NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    BIGINT NOT NULL,
    CHECK (role <> 'reporter' OR department IS NOT NULL)
);

CREATE TABLE sessions (
    key_hash   TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Failed logins per username and client address, for throttling.
CREATE TABLE login_failures (
    id       BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL,
    ip       TEXT NOT NULL,
    at       BIGINT NOT NULL
);

CREATE INDEX login_failures_key ON login_failures (username, ip, at);

-- Monthly cumulative figures (1-m月累计). Indicators are named, not referenced, because a
-- plan's indicator rows are replaced whole when the plan is saved again.
CREATE TABLE monthly_figures (
    id         BIGSERIAL PRIMARY KEY,
    region_id  BIGINT NOT NULL REFERENCES regions(id),
    year       INTEGER NOT NULL,
    indicator  TEXT NOT NULL,
    month      BIGINT NOT NULL CHECK (month BETWEEN 1 AND 12),
    value_text TEXT NOT NULL,
    version    BIGINT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (region_id, year, indicator, month)
);

-- Reporters' proposed values. month 0 is the year's actual. At most one open (not approved)
-- and one approved submission per indicator-period: an approved one locks it.
CREATE TABLE submissions (
    id           BIGSERIAL PRIMARY KEY,
    region_id    BIGINT NOT NULL REFERENCES regions(id),
    year         INTEGER NOT NULL,
    indicator    TEXT NOT NULL,
    month        BIGINT NOT NULL CHECK (month BETWEEN 0 AND 12),
    value_text   TEXT NOT NULL,
    note         TEXT,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    department   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    base_version BIGINT,
    reviewed_by  TEXT,
    comment      TEXT,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE UNIQUE INDEX submissions_open ON submissions (region_id, year, indicator, month)
    WHERE status <> 'approved';
CREATE UNIQUE INDEX submissions_locked ON submissions (region_id, year, indicator, month)
    WHERE status = 'approved';
CREATE INDEX submissions_queue ON submissions (status, updated_at);
