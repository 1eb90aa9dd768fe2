-- +goose Up
-- The living state document: every saved revision of every top section of an
-- incident's document is kept, so an edit is never lost and the history shows
-- who wrote what. The current text of a section is its highest revision; the
-- primary key makes two saves of the same revision impossible, which is what
-- optimistic concurrency relies on.
CREATE TABLE statedoc_revisions (
    incident   BIGINT NOT NULL REFERENCES incidents (number),
    section    TEXT NOT NULL,
    revision   BIGINT NOT NULL,
    body       TEXT NOT NULL,
    author     BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (incident, section, revision)
);

-- Read-only links to an audience's brief, for people without an account.
-- Only the SHA-256 of the token is kept: a copy of the database opens no brief.
CREATE TABLE brief_links (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident   BIGINT NOT NULL REFERENCES incidents (number),
    audience   TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX brief_links_incident ON brief_links (incident, id);

-- Briefs list an audience's updates newest first.
CREATE INDEX updates_audience ON updates (incident, audience, id);

-- +goose Down
DROP INDEX updates_audience;
DROP TABLE brief_links;
DROP TABLE statedoc_revisions;
