-- +goose Up
-- A probe checks a target (HTTP, TCP, DNS, TLS) every interval from each of
-- its vantage points. next_run_at is the next slot of the local vantage
-- point; an instance owns a run by moving it forward (a conditional UPDATE),
-- so several instances share the work without running a slot twice. state is
-- the verdict of the latest results; alerted is the state the alert service
-- was last told, so a failed or withheld alert is sent again later.
CREATE TABLE probes (
    id                        INTEGER PRIMARY KEY AUTOINCREMENT,
    name                      TEXT NOT NULL UNIQUE,
    kind                      TEXT NOT NULL,
    target                    TEXT NOT NULL,
    settings                  TEXT NOT NULL,
    interval_s                BIGINT NOT NULL,
    timeout_ms                BIGINT NOT NULL,
    failures_before_alert     BIGINT NOT NULL,
    successes_before_recovery BIGINT NOT NULL,
    service                   TEXT NOT NULL,
    severity                  TEXT NOT NULL,
    min_failing               BIGINT NOT NULL,
    enabled                   BIGINT NOT NULL,
    local                     BIGINT NOT NULL,
    state                     TEXT NOT NULL DEFAULT 'unknown',
    alerted                   TEXT NOT NULL DEFAULT 'up',
    alert_labels              TEXT NOT NULL DEFAULT '',
    alert_summary             TEXT NOT NULL DEFAULT '',
    next_run_at               BIGINT NOT NULL,
    created_at                BIGINT NOT NULL,
    updated_at                BIGINT NOT NULL
);
CREATE INDEX probes_due ON probes (local, enabled, next_run_at);
CREATE INDEX probes_unsent ON probes (alerted, state);

-- The latest verdict of each vantage point, with its run of equal results.
CREATE TABLE probe_vantages (
    probe_id   BIGINT NOT NULL REFERENCES probes (id) ON DELETE CASCADE,
    vantage    TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'unknown',
    fails      BIGINT NOT NULL DEFAULT 0,
    oks        BIGINT NOT NULL DEFAULT 0,
    last_at    BIGINT,
    last_error TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (probe_id, vantage)
);
CREATE INDEX probe_vantages_vantage ON probe_vantages (vantage, probe_id);

-- Raw results, kept a day.
CREATE TABLE probe_results (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    probe_id   BIGINT NOT NULL REFERENCES probes (id) ON DELETE CASCADE,
    vantage    TEXT NOT NULL,
    at         BIGINT NOT NULL,
    ok         BIGINT NOT NULL,
    latency_us BIGINT NOT NULL,
    error      TEXT NOT NULL
);
CREATE INDEX probe_results_probe ON probe_results (probe_id, at);
CREATE INDEX probe_results_at ON probe_results (at);

-- Hourly rollups of the results, kept 90 days.
CREATE TABLE probe_rollups (
    probe_id BIGINT NOT NULL REFERENCES probes (id) ON DELETE CASCADE,
    hour     BIGINT NOT NULL,
    checks   BIGINT NOT NULL,
    failures BIGINT NOT NULL,
    p50_us   BIGINT NOT NULL,
    p95_us   BIGINT NOT NULL,
    PRIMARY KEY (probe_id, hour)
);
CREATE INDEX probe_rollups_hour ON probe_rollups (hour);

-- +goose Down
DROP TABLE probe_rollups;
DROP TABLE probe_results;
DROP TABLE probe_vantages;
DROP TABLE probes;
