-- +goose Up
-- An alert group is what pages: alerts sharing the values of the grouping
-- labels join one group, and a storm group collects every new alert while
-- more arrive than anyone could read.
CREATE TABLE alert_groups (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_key  TEXT NOT NULL UNIQUE,
    labels     TEXT NOT NULL,
    status     TEXT NOT NULL,
    page_id    BIGINT REFERENCES pages (id),
    firing     BIGINT NOT NULL DEFAULT 0,
    storm      BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX alert_groups_status ON alert_groups (status, id);
CREATE INDEX alert_groups_storm ON alert_groups (storm, status);

CREATE TABLE alerts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fingerprint  TEXT NOT NULL UNIQUE,
    labels       TEXT NOT NULL,
    annotations  TEXT NOT NULL,
    status       TEXT NOT NULL,
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT,
    last_seen_at BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    group_id     BIGINT REFERENCES alert_groups (id),
    source       TEXT NOT NULL
);
CREATE INDEX alerts_status ON alerts (status, id);
CREATE INDEX alerts_group ON alerts (group_id, status);
-- Storm detection counts the alerts first seen within the window.
CREATE INDEX alerts_created ON alerts (created_at);

-- +goose Down
DROP TABLE alerts;
DROP TABLE alert_groups;
