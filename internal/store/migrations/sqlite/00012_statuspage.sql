-- +goose Up
-- Components customers see on the status page, grouped (by region or
-- product area). service names a catalog service by name only, so the
-- status page does not depend on the catalog's tables.
CREATE TABLE status_components (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL UNIQUE,
    grp         TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    position    BIGINT NOT NULL DEFAULT 0,
    status      TEXT NOT NULL,
    service     TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- Every status a component had, from when to when (to_at NULL: still so).
-- Uptime bars are computed from it.
CREATE TABLE status_component_history (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    component BIGINT NOT NULL REFERENCES status_components (id) ON DELETE CASCADE,
    status    TEXT NOT NULL,
    from_at   BIGINT NOT NULL,
    to_at     BIGINT,
    incident  BIGINT REFERENCES incidents (number)
);
CREATE INDEX status_component_history_span ON status_component_history (component, from_at);
CREATE INDEX status_component_history_to ON status_component_history (to_at);

-- Components an incident affects, shown with the incident.
CREATE TABLE status_incident_components (
    incident  BIGINT NOT NULL REFERENCES incidents (number),
    component BIGINT NOT NULL REFERENCES status_components (id) ON DELETE CASCADE,
    PRIMARY KEY (incident, component)
);

CREATE TABLE status_maintenance (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    starts_at  BIGINT NOT NULL,
    ends_at    BIGINT NOT NULL,
    cancelled  BIGINT NOT NULL DEFAULT 0,
    -- The notices already sent, so each goes out once across instances.
    started_noticed BIGINT NOT NULL DEFAULT 0,
    ended_noticed   BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX status_maintenance_ends ON status_maintenance (ends_at);

CREATE TABLE status_maintenance_components (
    maintenance BIGINT NOT NULL REFERENCES status_maintenance (id) ON DELETE CASCADE,
    component   BIGINT NOT NULL REFERENCES status_components (id) ON DELETE CASCADE,
    PRIMARY KEY (maintenance, component)
);

-- Subscribers: email (double opt-in: pending until confirmed) or webhook
-- (created by an admin, confirmed at once, secret signs deliveries).
CREATE TABLE status_subscribers (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    address      TEXT NOT NULL,
    secret       TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    confirmed_at BIGINT,
    UNIQUE (kind, address)
);
CREATE INDEX status_subscribers_status ON status_subscribers (status, id);

-- Subscribe requests, kept an hour or so: the per-address and per-client
-- limits are counted from here, so they hold across restarts and instances.
CREATE TABLE status_subscribe_requests (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    address TEXT NOT NULL,
    client  TEXT NOT NULL,
    mailed  BIGINT NOT NULL,
    at      BIGINT NOT NULL
);
CREATE INDEX status_subscribe_requests_address ON status_subscribe_requests (address, at);
CREATE INDEX status_subscribe_requests_client ON status_subscribe_requests (client, at);

-- What subscribers hear: one notice per public event. event is the events
-- row it came from (unique, so a rescan never notices twice).
CREATE TABLE status_notices (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    event      BIGINT UNIQUE,
    kind       TEXT NOT NULL,
    incident   BIGINT,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- One row per message to one subscriber: a notice, or (notice NULL) the
-- confirmation mail. Drained by the notifier with backoff.
CREATE TABLE status_outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    subscriber  BIGINT NOT NULL REFERENCES status_subscribers (id) ON DELETE CASCADE,
    notice      BIGINT REFERENCES status_notices (id),
    status      TEXT NOT NULL,
    attempts    BIGINT NOT NULL DEFAULT 0,
    not_before  BIGINT NOT NULL,
    lease_until BIGINT NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    sent_at     BIGINT,
    UNIQUE (subscriber, notice)
);
CREATE INDEX status_outbox_due ON status_outbox (status, not_before);

-- How far the notifier has read the event log. It starts at the log's end:
-- subscribers hear of what happens after the feature exists.
CREATE TABLE status_cursor (
    name  TEXT PRIMARY KEY,
    event BIGINT NOT NULL
);
INSERT INTO status_cursor (name, event) SELECT 'notices', COALESCE(MAX(id), 0) FROM events;

-- +goose Down
DROP TABLE status_cursor;
DROP TABLE status_outbox;
DROP TABLE status_notices;
DROP TABLE status_subscribe_requests;
DROP TABLE status_subscribers;
DROP TABLE status_maintenance_components;
DROP TABLE status_maintenance;
DROP TABLE status_incident_components;
DROP TABLE status_component_history;
DROP TABLE status_components;
