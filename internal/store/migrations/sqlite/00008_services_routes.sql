-- +goose Up
-- A service is a thing that breaks: its tier orders recovery, its owner team
-- and escalation policy say who is paged. Policies are named, as pages name
-- them; deleting a policy a service names is refused by the policy service.
CREATE TABLE services (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    tier         BIGINT NOT NULL,
    owner_team   TEXT NOT NULL,
    policy       TEXT NOT NULL,
    description  TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX services_policy ON services (policy);

-- Routing rules are tried in position order; the first match wins.
CREATE TABLE alert_routes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    position   BIGINT NOT NULL,
    matchers   TEXT NOT NULL,
    service    TEXT NOT NULL,
    policy     TEXT NOT NULL,
    group_by   TEXT NOT NULL,
    declare    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX alert_routes_position ON alert_routes (position, id);
CREATE INDEX alert_routes_service ON alert_routes (service);
CREATE INDEX alert_routes_policy ON alert_routes (policy);
-- Every change of the routes bumps this counter in its transaction, so each
-- instance knows with one cheap read per batch whether its cache is stale.
INSERT INTO counters (name, value) VALUES ('alert_routes', 0);

-- An integration key lets one sender (Alertmanager, Grafana, a script) post
-- alerts of its kind and nothing else. Only its hash is stored.
CREATE TABLE integrations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    service    TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    prefix     TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

-- What a group was routed to, and the incident a storm declared.
ALTER TABLE alert_groups ADD COLUMN service TEXT NOT NULL DEFAULT '';
ALTER TABLE alert_groups ADD COLUMN policy TEXT NOT NULL DEFAULT '';
ALTER TABLE alert_groups ADD COLUMN route_id BIGINT;
ALTER TABLE alert_groups ADD COLUMN declare TEXT NOT NULL DEFAULT '';
ALTER TABLE alert_groups ADD COLUMN incident BIGINT;
ALTER TABLE alert_groups ADD COLUMN page_updated_at BIGINT;

-- +goose Down
ALTER TABLE alert_groups DROP COLUMN page_updated_at;
ALTER TABLE alert_groups DROP COLUMN incident;
ALTER TABLE alert_groups DROP COLUMN declare;
ALTER TABLE alert_groups DROP COLUMN route_id;
ALTER TABLE alert_groups DROP COLUMN policy;
ALTER TABLE alert_groups DROP COLUMN service;
DROP TABLE integrations;
DELETE FROM counters WHERE name = 'alert_routes';
DROP TABLE alert_routes;
DROP TABLE services;
