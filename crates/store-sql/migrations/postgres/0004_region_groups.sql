-- Peer groups of regions (e.g. 中心城区). Same version number in both backends.
-- The tree itself uses regions.parent_id and regions.level from 0001.
CREATE TABLE region_groups (
    group_name TEXT NOT NULL,
    region_id  BIGINT NOT NULL REFERENCES regions(id),
    PRIMARY KEY (group_name, region_id)
);

CREATE INDEX regions_parent ON regions (parent_id);
CREATE INDEX plan_indicators_year ON plan_indicators (year, region_id, seq);
