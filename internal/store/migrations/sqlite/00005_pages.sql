-- +goose Up
CREATE TABLE pages (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    incident           BIGINT REFERENCES incidents (number),
    kind               TEXT NOT NULL,
    summary            TEXT NOT NULL,
    details            TEXT NOT NULL DEFAULT '',
    severity           TEXT NOT NULL DEFAULT '',
    source             TEXT NOT NULL,
    policy             TEXT NOT NULL DEFAULT '',
    steps              TEXT NOT NULL,
    repeat             BIGINT NOT NULL DEFAULT 0,
    status             TEXT NOT NULL,
    dedup_key          TEXT UNIQUE,
    step               BIGINT NOT NULL DEFAULT 0,
    round              BIGINT NOT NULL DEFAULT 0,
    next_escalation_at BIGINT,
    created_by         BIGINT REFERENCES users (id),
    created_at         BIGINT NOT NULL,
    acked_at           BIGINT,
    acked_by           BIGINT REFERENCES users (id),
    resolved_at        BIGINT,
    resolved_by        BIGINT REFERENCES users (id)
);
CREATE INDEX pages_due ON pages (next_escalation_at) WHERE next_escalation_at IS NOT NULL;
CREATE INDEX pages_incident ON pages (incident, id);
CREATE INDEX pages_status ON pages (status, id);

-- One notification plan per person per page and escalation round, however
-- many targets point at them.
CREATE TABLE page_recipients (
    page_id     BIGINT NOT NULL REFERENCES pages (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    round       BIGINT NOT NULL,
    step        BIGINT NOT NULL,
    notified_at BIGINT NOT NULL,
    PRIMARY KEY (page_id, user_id, round)
);

CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    page_id         BIGINT NOT NULL REFERENCES pages (id),
    user_id         BIGINT REFERENCES users (id),
    channel         TEXT NOT NULL,
    address         TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    message         TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    not_before      BIGINT NOT NULL,
    lease_until     BIGINT,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT
);
CREATE INDEX deliveries_due ON deliveries (status, not_before);
CREATE INDEX deliveries_sent ON deliveries (channel, sent_at);
CREATE INDEX deliveries_address ON deliveries (channel, address, sent_at);
CREATE INDEX deliveries_page ON deliveries (page_id);

CREATE TABLE severity_policies (
    severity   TEXT PRIMARY KEY,
    targets    TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
INSERT INTO severity_policies (severity, targets, updated_at) VALUES
    ('SEV-1', '[{"kind":"schedule","ref":"major-incident"},{"kind":"schedule","ref":"exec-on-call"}]', 0),
    ('SEV-2', '[{"kind":"schedule","ref":"major-incident"}]', 0);

CREATE TABLE secrets (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE used_links (
    nonce   TEXT PRIMARY KEY,
    used_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE used_links;
DROP TABLE secrets;
DROP TABLE severity_policies;
DROP TABLE deliveries;
DROP TABLE page_recipients;
DROP TABLE pages;
