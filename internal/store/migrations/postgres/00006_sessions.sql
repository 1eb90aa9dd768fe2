-- +goose Up
-- Browser sessions. Only the SHA-256 of the cookie secret is kept, so a copy
-- of the database signs nobody in; the CSRF token is useless without the
-- cookie, so it is kept as is to be put in forms.
CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    csrf         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
-- A password change ends all of a user's sessions; sign-in sweeps expired ones.
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- +goose Down
DROP TABLE sessions;
