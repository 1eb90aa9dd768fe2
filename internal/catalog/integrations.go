package catalog

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// KeyPrefix starts every integration key, so that secret scanners can spot
// a leaked one and the API can tell it from an API token.
const KeyPrefix = "sitrep_ik_"

// The kinds of integration: which intake endpoint a key may post to.
const (
	KindAlertmanager = "alertmanager"
	KindGrafana      = "grafana"
	KindGeneric      = "generic"
)

// Integration is one sender of alerts with its own key. Only a hash of the
// key is stored; it is shown once, when the integration is created.
type Integration struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`
	Service   string    `json:"service,omitempty"`
	Prefix    string    `json:"prefix"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

func hashKey(key string) string { return auth.HashSecret(key) }

// CreateIntegration saves an integration and returns its key, the only
// time the key is seen. What the key causes (pages, incidents) is recorded
// as the admin who created it; disabling that admin disables the key.
func (c *Catalog) CreateIntegration(ctx context.Context, actor auth.Principal, name, kind, service string) (Integration, string, error) {
	if err := CheckName("name", name); err != nil {
		return Integration{}, "", err
	}
	switch kind {
	case KindAlertmanager, KindGrafana, KindGeneric:
	default:
		return Integration{}, "", problem.Invalidf("kind", "%q is not a kind of integration; use alertmanager, grafana or generic", clip(kind))
	}
	key, err := auth.NewBearer(KeyPrefix)
	if err != nil {
		return Integration{}, "", err
	}
	in := Integration{Name: name, Kind: kind, Service: service, Prefix: key[:len(KeyPrefix)+6], CreatedBy: actor.Handle}
	err = c.write(ctx, actor, "create integration "+name, func(tx *store.Tx, now time.Time) error {
		if service != "" {
			if err := CheckName("service", service); err != nil {
				return err
			}
			if _, err := Lookup(ctx, tx, "service", service); err != nil {
				return err
			}
		}
		in.CreatedAt = now
		err := tx.QueryRow(ctx, `INSERT INTO integrations (name, kind, service, hash, prefix, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, name, kind, service, hashKey(key), in.Prefix, actor.UserID, store.Micros(now)).Scan(&in.ID)
		if errors.Is(err, store.ErrConflict) {
			return problem.Conflictf("name", "an integration named %q exists; revoke it first or pick another name", name)
		}
		if err != nil {
			return err
		}
		_, err = c.log.Append(ctx, tx, 0, actor.UserID, now, "integration.created", map[string]any{"name": name, "kind": kind, "service": service, "prefix": in.Prefix})
		return err
	})
	if err != nil {
		return Integration{}, "", err
	}
	return in, key, nil
}

// RevokeIntegration stops key of integration name from working. The row
// stays, for the record, and its name can be used again.
func (c *Catalog) RevokeIntegration(ctx context.Context, actor auth.Principal, name string) error {
	return c.write(ctx, actor, "revoke integration "+name, func(tx *store.Tx, now time.Time) error {
		res, err := tx.Exec(ctx, `UPDATE integrations SET revoked_at = ?, name = name || '#' || CAST(id AS TEXT) WHERE name = ? AND revoked_at IS NULL`,
			store.Micros(now), name)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = problem.NotFoundf("name", "no integration %q; list them with GET /api/v1/integrations", name)
			}
			return err
		}
		_, err = c.log.Append(ctx, tx, 0, actor.UserID, now, "integration.revoked", map[string]any{"name": name})
		return err
	})
}

// Integrations lists the integrations that are not revoked, by name.
func (c *Catalog) Integrations(ctx context.Context) ([]Integration, error) {
	rows, err := c.db.Query(ctx, `SELECT i.id, i.name, i.kind, i.service, i.prefix, u.handle, i.created_at FROM integrations i
		JOIN users u ON u.id = i.created_by WHERE i.revoked_at IS NULL ORDER BY i.name LIMIT ?`, MaxLimit)
	if err != nil {
		return nil, fmt.Errorf("list integrations: %w", err)
	}
	defer rows.Close()
	out := []Integration{}
	for rows.Next() {
		var in Integration
		var created int64
		if err := rows.Scan(&in.ID, &in.Name, &in.Kind, &in.Service, &in.Prefix, &in.CreatedBy, &created); err != nil {
			return nil, err
		}
		in.CreatedAt = store.FromMicros(created)
		out = append(out, in)
	}
	return out, rows.Err()
}

// AuthenticateKey turns an integration key into the principal that posts
// its alerts: a responder acting for the admin who created it, allowed only
// the intake of the integration's kind.
func (c *Catalog) AuthenticateKey(ctx context.Context, key string) (auth.Principal, error) {
	if !strings.HasPrefix(key, KeyPrefix) || len(key) > 200 {
		return auth.Principal{}, problem.Unauthorizedf("invalid integration key")
	}
	var p auth.Principal
	var name string
	err := c.db.QueryRow(ctx, `SELECT i.name, i.kind, i.service, u.id FROM integrations i JOIN users u ON u.id = i.created_by
		WHERE i.hash = ? AND i.revoked_at IS NULL AND u.disabled_at IS NULL`, hashKey(key)).Scan(&name, &p.Intake, &p.IntakeService, &p.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return auth.Principal{}, problem.Unauthorizedf("invalid or revoked integration key; create one with POST /api/v1/integrations")
	}
	if err != nil {
		return auth.Principal{}, fmt.Errorf("authenticate integration: %w", err)
	}
	p.Handle, p.Role = "integration:"+name, auth.Responder
	return p, nil
}
