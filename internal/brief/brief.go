// Package brief owns the views of an incident for people who are not
// responders: per audience (support, executives, the public), a brief holds
// the incident's headline facts and only the updates addressed to that
// audience, never responder chatter. It also owns brief links, read-only
// links a commander hands to people without an account.
package brief

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"time"

	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/incident"
	"sitrep/internal/markdown"
	"sitrep/internal/problem"
	"sitrep/internal/statedoc"
	"sitrep/internal/store"
)

// Audiences that have a brief. Responders read the war room itself.
var Audiences = []string{"support", "executives", "public"}

func validAudience(a string) bool {
	for _, v := range Audiences {
		if v == a {
			return true
		}
	}
	return false
}

func audienceMessage(a string) string {
	return fmt.Sprintf("no brief for %q; briefs exist for %s", a, strings.Join(Audiences, ", "))
}

// BriefHeader is what every brief states first.
type BriefHeader struct {
	Number    int64     `json:"number"`
	Title     string    `json:"title"`
	Severity  string    `json:"severity"`
	Status    string    `json:"status"`
	StartedAt time.Time `json:"started_at"`
	// ResolvedAt is set once the incident is resolved; elapsed time stops there.
	ResolvedAt time.Time `json:"resolved_at,omitzero"`
	// Commander is the commander's handle: whom to ask, and nothing more
	// about the people responding.
	Commander string `json:"commander,omitempty"`
}

// Elapsed is how long the incident has lasted at now.
func (h BriefHeader) Elapsed(now time.Time) time.Duration {
	end := now
	if !h.ResolvedAt.IsZero() {
		end = h.ResolvedAt
	}
	if end.Before(h.StartedAt) {
		return 0
	}
	return end.Sub(h.StartedAt)
}

// BriefUpdate is an update as a brief shows it: no author, no workstream.
type BriefUpdate struct {
	ID        int64         `json:"id"`
	Body      string        `json:"body"`
	HTML      template.HTML `json:"html"`
	CreatedAt time.Time     `json:"created_at"`
}

// Brief is one audience's view of an incident.
type Brief struct {
	Header   BriefHeader `json:"incident"`
	Audience string      `json:"audience"`
	// Seq is the incident's event sequence the brief was read at.
	Seq        int64         `json:"seq"`
	Updates    []BriefUpdate `json:"updates"`
	NextCursor int64         `json:"next_cursor,omitempty"`
}

type key struct {
	incident int64
	audience string
	before   int64
	limit    int
}

// Service reads briefs and keeps brief links.
type Service struct {
	db    *store.DB
	log   *event.Log
	clock clock.Clock
	inc   *incident.Service
	cache *statedoc.SeqCache[key, Brief]
}

// NewService returns the brief service.
func NewService(db *store.DB, log *event.Log, c clock.Clock, inc *incident.Service) *Service {
	return &Service{db: db, log: log, clock: c, inc: inc, cache: statedoc.NewSeqCache[key, Brief](1024)}
}

// MaxPage is the most updates one page of a brief holds.
const MaxPage = 100

// Get returns audience's brief of incident number: its header and the
// updates addressed to audience newest first, before update id before (0:
// from the newest). Results are kept per incident event sequence, so readers
// without number cost one read per change.
func (s *Service) Get(ctx context.Context, number int64, audience string, before int64, limit int) (Brief, error) {
	if !validAudience(audience) {
		return Brief{}, problem.NotFoundf("audience", "%s", audienceMessage(audience))
	}
	if limit <= 0 || limit > MaxPage {
		limit = 20
	}
	seq, err := s.seq(ctx, number)
	if err != nil {
		return Brief{}, err
	}
	return s.cache.Get(key{number, audience, before, limit}, seq, func() (Brief, error) {
		return s.read(ctx, number, seq, audience, before, limit)
	})
}

func (s *Service) read(ctx context.Context, number, seq int64, audience string, before int64, limit int) (Brief, error) {
	d, err := s.inc.Get(ctx, number)
	if err != nil {
		return Brief{}, err
	}
	b := Brief{Audience: audience, Seq: seq, Header: header(d)}
	if b.Updates, b.NextCursor, err = s.updates(ctx, number, audience, before, limit); err != nil {
		return Brief{}, err
	}
	return b, nil
}

// seq returns incident number's latest event sequence.
func (s *Service) seq(ctx context.Context, number int64) (int64, error) {
	var seq int64
	err := s.db.QueryRow(ctx, `SELECT event_seq FROM incidents WHERE number = ?`, number).Scan(&seq)
	if errors.Is(err, store.ErrNotFound) {
		return 0, problem.NotFoundf("number", "no incident %d; list incidents with GET /api/v1/incidents", number)
	}
	if err != nil {
		return 0, fmt.Errorf("read incident %d: %w", number, err)
	}
	return seq, nil
}

func header(d incident.Detail) BriefHeader {
	h := BriefHeader{Number: d.Number, Title: d.Title, Severity: string(d.Severity), Status: string(d.Status), StartedAt: d.CreatedAt}
	for _, m := range d.Milestones {
		switch m.Kind {
		case "started":
			h.StartedAt = m.At
		case "resolved":
			if d.Status == incident.Resolved {
				h.ResolvedAt = m.At
			}
		}
	}
	if d.Status == incident.Resolved && h.ResolvedAt.IsZero() {
		h.ResolvedAt = d.UpdatedAt
	}
	for _, r := range d.Roles {
		if r.Role == incident.RoleCommander {
			h.Commander = r.User
		}
	}
	return h
}

func (s *Service) updates(ctx context.Context, number int64, audience string, before int64, limit int) ([]BriefUpdate, int64, error) {
	if before <= 0 {
		before = 1 << 62
	}
	rows, err := s.db.Query(ctx, `SELECT id, body, created_at FROM updates
		WHERE incident = ? AND audience = ? AND workstream IS NULL AND id < ? ORDER BY id DESC LIMIT ?`,
		number, audience, before, limit+1)
	if err != nil {
		return nil, 0, fmt.Errorf("updates of incident %d for %s: %w", number, audience, err)
	}
	defer rows.Close()
	out := []BriefUpdate{}
	for rows.Next() {
		var u BriefUpdate
		var at int64
		if err := rows.Scan(&u.ID, &u.Body, &at); err != nil {
			return nil, 0, fmt.Errorf("updates of incident %d for %s: %w", number, audience, err)
		}
		u.CreatedAt = store.FromMicros(at)
		u.HTML = markdown.Render(u.Body)
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("updates of incident %d for %s: %w", number, audience, err)
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[len(out)-1].ID
	}
	return out, next, nil
}
