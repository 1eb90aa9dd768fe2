-- +goose Up
-- A heartbeat is a deadline that a job or the main monitoring keeps pushing
-- back by calling its ping URL. next_due_at is durable, so a restart does not
-- forget a deadline; alert_dirty marks a status change whose alert (firing or
-- resolved) has not been sent yet, so a crash between the change and the
-- alert is repaired by the next check.
CREATE TABLE heartbeats (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    interval_us  BIGINT NOT NULL,
    grace_us     BIGINT NOT NULL,
    service      TEXT NOT NULL DEFAULT '',
    severity     TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    token_hash   TEXT NOT NULL UNIQUE,
    token_prefix TEXT NOT NULL,
    status       TEXT NOT NULL,
    failed       BIGINT NOT NULL DEFAULT 0,
    last_ping_at BIGINT,
    next_due_at  BIGINT,
    down_since   BIGINT,
    pings        BIGINT NOT NULL DEFAULT 0,
    status_seq   BIGINT NOT NULL DEFAULT 0,
    alert_dirty  BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX heartbeats_due ON heartbeats (next_due_at);
CREATE INDEX heartbeats_dirty ON heartbeats (alert_dirty);

-- The last time any instance ran the deadline check: a long gap means sitrep
-- itself was down, and pings sent meanwhile were lost, not missed.
CREATE TABLE heartbeat_checks (
    id           BIGINT PRIMARY KEY,
    last_tick_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE heartbeat_checks;
DROP TABLE heartbeats;
