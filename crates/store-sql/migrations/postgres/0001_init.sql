-- planwatch schema v1 (PostgreSQL). Keep in step with crates/store-sqlite/migrations/0001_init.sql.
CREATE TABLE regions (
    id        BIGSERIAL PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    parent_id BIGINT REFERENCES regions(id),
    level     TEXT
);

CREATE TABLE plan_indicators (
    id          BIGSERIAL PRIMARY KEY,
    region_id   BIGINT NOT NULL REFERENCES regions(id),
    year        INTEGER NOT NULL,
    seq         BIGINT NOT NULL,
    name        TEXT NOT NULL,
    unit        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    binding     BOOLEAN NOT NULL,
    is_new      BOOLEAN NOT NULL,
    tier        TEXT,
    direction   TEXT,
    department  TEXT,
    target_text TEXT NOT NULL,
    actual_text TEXT,
    version     BIGINT NOT NULL DEFAULT 1,
    UNIQUE (region_id, year, name)
);

CREATE INDEX plan_indicators_region_year ON plan_indicators (region_id, year, seq);

-- Append-only: the store never updates or deletes rows here.
CREATE TABLE audit_log (
    id         BIGSERIAL PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor      TEXT NOT NULL,
    origin     TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    old_value  TEXT,
    new_value  TEXT
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
