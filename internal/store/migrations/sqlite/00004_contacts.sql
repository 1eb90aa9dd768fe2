-- +goose Up
-- How to reach a person. A user's methods and rules are few (the service caps
-- them), so they are read whole; the unique keys refuse the same address twice
-- and the same method at the same delay twice.
CREATE TABLE contact_methods (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL CHECK (kind IN ('email', 'sms', 'voice', 'slack', 'webhook')),
    address    TEXT NOT NULL,
    label      TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, kind, address)
);

CREATE TABLE notification_rules (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id           BIGINT NOT NULL REFERENCES users (id),
    contact_method_id BIGINT NOT NULL REFERENCES contact_methods (id),
    delay_seconds     BIGINT NOT NULL CHECK (delay_seconds BETWEEN 0 AND 3600),
    created_at        BIGINT NOT NULL,
    UNIQUE (contact_method_id, delay_seconds)
);
CREATE INDEX notification_rules_user ON notification_rules (user_id, delay_seconds);

-- +goose Down
DROP TABLE notification_rules;
DROP TABLE contact_methods;
