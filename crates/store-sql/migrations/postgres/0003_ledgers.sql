-- Ledgers as typed JSON documents, one per item (see planwatch-store's ledgers module).
-- Keep in step with the other backend's 0003_ledgers.sql.
CREATE TABLE ledger_items (
    id        BIGSERIAL PRIMARY KEY,
    region_id BIGINT NOT NULL REFERENCES regions(id),
    year      INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    item_key  TEXT NOT NULL,
    position  BIGINT NOT NULL,
    data      TEXT NOT NULL,
    version   BIGINT NOT NULL DEFAULT 1,
    UNIQUE (region_id, year, kind, item_key)
);

CREATE INDEX ledger_items_lookup ON ledger_items (region_id, year, kind, position);
