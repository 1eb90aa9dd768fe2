-- +goose Up
-- Layers are kept as one JSON document ([]oncall.Layer): they are always read
-- and replaced whole, and the calculator, not SQL, interprets them. Other
-- packages find a schedule by name (SELECT id FROM schedules WHERE name = ?).
CREATE TABLE schedules (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL UNIQUE,
    description     TEXT NOT NULL DEFAULT '',
    time_zone       TEXT NOT NULL,
    layers          TEXT NOT NULL,
    ical_token_hash TEXT UNIQUE,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);

-- Overrides are rows rather than part of the document because people add and
-- remove them one at a time, often during an incident, and the calculation
-- reads only those that touch the instant or range asked about.
CREATE TABLE schedule_overrides (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    schedule_id     BIGINT NOT NULL REFERENCES schedules (id),
    user_handle     TEXT NOT NULL,
    replaces_handle TEXT NOT NULL DEFAULT '',
    start_at        BIGINT NOT NULL,
    end_at          BIGINT NOT NULL,
    created_by      BIGINT REFERENCES users (id),
    created_at      BIGINT NOT NULL
);
CREATE INDEX schedule_overrides_span ON schedule_overrides (schedule_id, end_at, start_at);

-- One personal calendar feed per user; making a new one replaces the old.
CREATE TABLE user_ical_tokens (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE user_ical_tokens;
DROP TABLE schedule_overrides;
DROP TABLE schedules;
