-- +goose Up
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('incident', 0);

CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    handle        TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'responder', 'admin')),
    password_hash TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    disabled_at   BIGINT
);

CREATE TABLE api_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    revoked_at   BIGINT,
    last_used_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE roles (
    slug        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    position    BIGINT NOT NULL
);
INSERT INTO roles (slug, name, description, position) VALUES
    ('commander', 'Incident commander', 'Owns the response: decides, delegates, declares severity.', 1),
    ('comms-lead', 'Communications lead', 'Keeps responders, support, executives and customers informed.', 2),
    ('scribe', 'Scribe', 'Keeps the timeline and the state document current.', 3),
    ('roving-troubleshooter', 'Roving troubleshooter', 'Moves between workstreams where help is needed.', 4);

CREATE TABLE incidents (
    number      BIGINT PRIMARY KEY,
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL,
    severity    TEXT NOT NULL,
    status      TEXT NOT NULL,
    parent      BIGINT REFERENCES incidents (number),
    merged_into BIGINT REFERENCES incidents (number),
    created_by  BIGINT REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    event_seq   BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX incidents_status ON incidents (status, number);
CREATE INDEX incidents_parent ON incidents (parent);

CREATE TABLE incident_tags (
    incident BIGINT NOT NULL REFERENCES incidents (number),
    tag      TEXT NOT NULL,
    PRIMARY KEY (incident, tag)
);
CREATE INDEX incident_tags_tag ON incident_tags (tag, incident);

CREATE TABLE milestones (
    incident BIGINT NOT NULL REFERENCES incidents (number),
    kind     TEXT NOT NULL,
    at       BIGINT NOT NULL,
    set_by   BIGINT REFERENCES users (id),
    reason   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (incident, kind)
);

CREATE TABLE role_holders (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident    BIGINT NOT NULL REFERENCES incidents (number),
    role        TEXT NOT NULL REFERENCES roles (slug),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    assigned_by BIGINT REFERENCES users (id),
    started_at  BIGINT NOT NULL,
    ended_at    BIGINT
);
CREATE UNIQUE INDEX role_holders_current ON role_holders (incident, role) WHERE ended_at IS NULL;
CREATE INDEX role_holders_user ON role_holders (user_id);

CREATE TABLE responder_stints (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident  BIGINT NOT NULL REFERENCES incidents (number),
    user_id   BIGINT NOT NULL REFERENCES users (id),
    joined_at BIGINT NOT NULL,
    left_at   BIGINT
);
CREATE UNIQUE INDEX responder_stints_current ON responder_stints (incident, user_id) WHERE left_at IS NULL;
CREATE INDEX responder_stints_user ON responder_stints (user_id, joined_at);

CREATE TABLE workstreams (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident       BIGINT NOT NULL REFERENCES incidents (number),
    name           TEXT NOT NULL,
    lead           BIGINT REFERENCES users (id),
    status         TEXT NOT NULL,
    priority       BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    last_update_at BIGINT
);
CREATE UNIQUE INDEX workstreams_name ON workstreams (incident, name);

CREATE TABLE updates (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident   BIGINT NOT NULL REFERENCES incidents (number),
    workstream BIGINT REFERENCES workstreams (id),
    audience   TEXT NOT NULL,
    body       TEXT NOT NULL,
    author     BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX updates_incident ON updates (incident, id);
CREATE INDEX updates_workstream ON updates (workstream, id);

CREATE TABLE messages (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident   BIGINT NOT NULL REFERENCES incidents (number),
    workstream BIGINT REFERENCES workstreams (id),
    body       TEXT NOT NULL,
    author     BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX messages_channel ON messages (incident, workstream, id);

CREATE TABLE incident_links (
    incident   BIGINT NOT NULL REFERENCES incidents (number),
    other      BIGINT NOT NULL REFERENCES incidents (number),
    kind       TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (incident, other)
);

CREATE TABLE events (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident BIGINT REFERENCES incidents (number),
    seq      BIGINT NOT NULL,
    kind     TEXT NOT NULL,
    actor    BIGINT REFERENCES users (id),
    at       BIGINT NOT NULL,
    payload  TEXT NOT NULL
);
CREATE UNIQUE INDEX events_incident_seq ON events (incident, seq);

CREATE TABLE idempotency_keys (
    principal    BIGINT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       BIGINT NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL DEFAULT '',
    body         BYTEA,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE events;
DROP TABLE incident_links;
DROP TABLE messages;
DROP TABLE updates;
DROP TABLE workstreams;
DROP TABLE responder_stints;
DROP TABLE role_holders;
DROP TABLE milestones;
DROP TABLE incident_tags;
DROP TABLE incidents;
DROP TABLE roles;
DROP TABLE api_tokens;
DROP TABLE users;
DROP TABLE counters;
