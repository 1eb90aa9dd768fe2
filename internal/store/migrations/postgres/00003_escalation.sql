-- +goose Up
-- Steps are one JSON document because they are only ever read and written
-- whole. What they point at is also kept as rows in escalation_policy_refs,
-- so that "which policies page schedule X, user Y or policy Z" is a query:
-- deleting a referenced policy is refused with it, and the schedules service
-- uses it the same way.
CREATE TABLE escalation_policies (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    repeat      BIGINT NOT NULL DEFAULT 0,
    steps       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE escalation_policy_refs (
    policy_id BIGINT NOT NULL REFERENCES escalation_policies (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('user', 'schedule', 'group', 'policy')),
    ref       TEXT NOT NULL,
    PRIMARY KEY (policy_id, kind, ref)
);
CREATE INDEX escalation_policy_refs_target ON escalation_policy_refs (kind, ref);

-- +goose Down
DROP TABLE escalation_policy_refs;
DROP TABLE escalation_policies;
