package statuspage

import (
	"context"
	"fmt"
	"time"

	"sitrep/internal/store"
)

// Store reads what the status page shows. Every query filters on the public
// audience in SQL, so no other update ever reaches this package's memory.
type Store struct{ db *store.DB }

// NewStore returns a Store reading db.
func NewStore(db *store.DB) *Store { return &Store{db: db} }

// hasPublic keeps incidents nobody told the public about off the page: an
// incident is public only once someone wrote to the public about it.
const hasPublic = ` AND EXISTS (SELECT 1 FROM updates p WHERE p.incident = i.number AND p.audience = 'public')`

// columns reads the resolution time from the resolved milestone, which
// responders may correct, falling back to the last change for incidents
// resolved before milestones were kept.
const columns = `SELECT i.number, i.title, i.severity, i.status, i.created_at, COALESCE(m.at, i.updated_at) FROM incidents i
	LEFT JOIN milestones m ON m.incident = i.number AND m.kind = 'resolved'`

// Active lists unresolved public incidents newest first, each with its
// public updates newest first.
func (s *Store) Active(ctx context.Context) ([]Incident, error) {
	incs, err := s.incidents(ctx, columns+` WHERE i.status <> 'resolved'`+hasPublic+` ORDER BY i.number DESC LIMIT ?`, MaxActive)
	if err != nil {
		return nil, fmt.Errorf("list active public incidents: %w", err)
	}
	for i := range incs {
		if incs[i].Updates, err = s.updates(ctx, incs[i].Number); err != nil {
			return nil, err
		}
		if incs[i].Components, err = s.affected(ctx, incs[i].Number); err != nil {
			return nil, err
		}
	}
	return incs, nil
}

// History lists public incidents resolved since since, most recently
// resolved first, without their updates.
func (s *Store) History(ctx context.Context, since time.Time) ([]Incident, error) {
	incs, err := s.incidents(ctx, columns+` WHERE i.status = 'resolved' AND COALESCE(m.at, i.updated_at) >= ?`+hasPublic+
		` ORDER BY COALESCE(m.at, i.updated_at) DESC, i.number DESC LIMIT ?`,
		store.Micros(since), MaxHistory)
	if err != nil {
		return nil, fmt.Errorf("list public incident history: %w", err)
	}
	return incs, nil
}

// Incident returns public incident number with its public updates, and
// false when there is no such incident or nothing public was said about it.
func (s *Store) Incident(ctx context.Context, number int64) (Incident, bool, error) {
	incs, err := s.incidents(ctx, columns+` WHERE i.number = ?`+hasPublic, number)
	if err != nil {
		return Incident{}, false, fmt.Errorf("read public incident %d: %w", number, err)
	}
	if len(incs) == 0 {
		return Incident{}, false, nil
	}
	inc := incs[0]
	if inc.Updates, err = s.updates(ctx, number); err != nil {
		return Incident{}, false, err
	}
	if inc.Components, err = s.affected(ctx, number); err != nil {
		return Incident{}, false, err
	}
	return inc, true, nil
}

// Feed lists the latest public updates of every incident, newest first, with
// the title of the incident each is about.
func (s *Store) Feed(ctx context.Context) ([]Update, map[int64]string, error) {
	rows, err := s.db.Query(ctx, `SELECT p.id, p.incident, p.body, p.created_at, i.title FROM updates p
		JOIN incidents i ON i.number = p.incident WHERE p.audience = 'public' ORDER BY p.id DESC LIMIT ?`, MaxFeed)
	if err != nil {
		return nil, nil, fmt.Errorf("list public updates: %w", err)
	}
	defer rows.Close()
	out, titles := []Update{}, map[int64]string{}
	for rows.Next() {
		var u Update
		var at int64
		var title string
		if err := rows.Scan(&u.ID, &u.Incident, &u.Body, &at, &title); err != nil {
			return nil, nil, fmt.Errorf("list public updates: %w", err)
		}
		u.CreatedAt = store.FromMicros(at)
		titles[u.Incident] = title
		out = append(out, u)
	}
	return out, titles, rows.Err()
}

func (s *Store) incidents(ctx context.Context, q string, args ...any) ([]Incident, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Incident{}
	for rows.Next() {
		var inc Incident
		var created, resolved int64
		if err := rows.Scan(&inc.Number, &inc.Title, &inc.Severity, &inc.Status, &created, &resolved); err != nil {
			return nil, err
		}
		inc.CreatedAt = store.FromMicros(created)
		if inc.Status == "resolved" {
			at := store.FromMicros(resolved)
			inc.ResolvedAt = &at
		}
		inc.Impact = Impact(inc.Severity)
		inc.Updates, inc.Components = []Update{}, []string{}
		out = append(out, inc)
	}
	return out, rows.Err()
}

// updates lists the newest public updates of incident number, newest first.
func (s *Store) updates(ctx context.Context, number int64) ([]Update, error) {
	rows, err := s.db.Query(ctx, `SELECT id, body, created_at FROM updates WHERE incident = ? AND audience = 'public' ORDER BY id DESC LIMIT ?`,
		number, MaxUpdates)
	if err != nil {
		return nil, fmt.Errorf("list public updates of incident %d: %w", number, err)
	}
	defer rows.Close()
	out := []Update{}
	for rows.Next() {
		u := Update{Incident: number}
		var at int64
		if err := rows.Scan(&u.ID, &u.Body, &at); err != nil {
			return nil, fmt.Errorf("list public updates of incident %d: %w", number, err)
		}
		u.CreatedAt = store.FromMicros(at)
		out = append(out, u)
	}
	return out, rows.Err()
}

// affected lists the names of the components incident number affects.
func (s *Store) affected(ctx context.Context, number int64) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT c.name FROM status_incident_components ic JOIN status_components c ON c.id = ic.component
		WHERE ic.incident = ? ORDER BY c.grp, c.position, c.name LIMIT ?`, number, MaxComponents)
	if err != nil {
		return nil, fmt.Errorf("list components of incident %d: %w", number, err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("list components of incident %d: %w", number, err)
		}
		out = append(out, name)
	}
	return out, rows.Err()
}
