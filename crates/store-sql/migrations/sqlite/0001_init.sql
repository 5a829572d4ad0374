-- planwatch schema v1 (SQLite). Keep in step with crates/store-postgres/migrations/0001_init.sql.
-- Expressions are stored as their original text; booleans as 0/1; timestamps as RFC 3339 text (UTC).
CREATE TABLE regions (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES regions(id),
    level     TEXT
);

CREATE TABLE plan_indicators (
    id          INTEGER PRIMARY KEY,
    region_id   INTEGER NOT NULL REFERENCES regions(id),
    year        INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    name        TEXT NOT NULL,
    unit        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    binding     INTEGER NOT NULL,
    is_new      INTEGER NOT NULL,
    tier        TEXT,
    direction   TEXT,
    department  TEXT,
    target_text TEXT NOT NULL,
    actual_text TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (region_id, year, name)
);

CREATE INDEX plan_indicators_region_year ON plan_indicators (region_id, year, seq);

-- Append-only: the store never updates or deletes rows here.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor      TEXT NOT NULL,
    origin     TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    old_value  TEXT,
    new_value  TEXT
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
