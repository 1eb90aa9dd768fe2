package statedoc

import (
	"context"
	"errors"
	"fmt"

	"sitrep/internal/markdown"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// StateDoc is an incident's state document as readers see it.
type StateDoc struct {
	Incident int64 `json:"incident"`
	// Seq is the incident's event sequence the document was read at; a live
	// reader refreshes when an event with a higher one arrives.
	Seq         int64               `json:"seq"`
	Sections    []StateSection      `json:"sections"`
	Workstreams []WorkstreamSection `json:"workstreams"`
	// Total is how many workstreams the incident has; NextCursor continues
	// the list when there are more than one page holds.
	Total      int    `json:"workstreams_total"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// StateSection is a written section with its current revision.
type StateSection struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	SectionRevision
}

// Page bounds the workstream sections of one read.
type Page struct {
	Cursor string
	Limit  int
}

// Workstream pages: a document with 70 workstreams fits one default page.
const (
	DefaultWorkstreams = 100
	MaxWorkstreams     = 500
)

type docKey struct {
	incident int64
	cursor   string
	limit    int
}

// Get returns incident number's document. The rendered result is kept per
// incident and event sequence, so that any number of readers cost one read
// and one Markdown rendering per change.
func (s *Service) Get(ctx context.Context, number int64, p Page) (StateDoc, error) {
	if p.Limit <= 0 || p.Limit > MaxWorkstreams {
		p.Limit = DefaultWorkstreams
	}
	after, err := parseCursor(p.Cursor)
	if err != nil {
		return StateDoc{}, err
	}
	seq, err := s.seq(ctx, number)
	if err != nil {
		return StateDoc{}, err
	}
	return s.cache.Get(docKey{number, p.Cursor, p.Limit}, seq, func() (StateDoc, error) {
		return s.read(ctx, number, seq, after, p.Limit)
	})
}

// Seq returns incident number's latest event sequence.
func (s *Service) seq(ctx context.Context, number int64) (int64, error) {
	var seq int64
	err := s.db.QueryRow(ctx, `SELECT event_seq FROM incidents WHERE number = ?`, number).Scan(&seq)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return 0, problem.NotFoundf("number", "no incident %d; list incidents with GET /api/v1/incidents", number)
		}
		return 0, fmt.Errorf("read incident %d: %w", number, err)
	}
	return seq, nil
}

func (s *Service) read(ctx context.Context, number, seq int64, after wsCursor, limit int) (StateDoc, error) {
	d := StateDoc{Incident: number, Seq: seq}
	for _, info := range Sections {
		r, err := s.current(ctx, s.db, number, info.Key)
		if err != nil {
			return StateDoc{}, fmt.Errorf("read section %s of incident %d: %w", info.Key, number, err)
		}
		r.HTML = markdown.Render(r.Body)
		d.Sections = append(d.Sections, StateSection{Key: info.Key, Title: info.Title, SectionRevision: r})
	}
	var err error
	if d.Workstreams, d.NextCursor, err = s.workstreams(ctx, number, after, limit); err != nil {
		return StateDoc{}, err
	}
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM workstreams WHERE incident = ?`, number).Scan(&d.Total); err != nil {
		return StateDoc{}, fmt.Errorf("count workstreams of incident %d: %w", number, err)
	}
	return d, nil
}

// MaxHistory is the most revisions one page of history holds.
const MaxHistory = 200

// History lists the revisions of section newest first, before revision
// before (0: from the newest), and the cursor of the next page (0 at the end).
func (s *Service) History(ctx context.Context, number int64, section string, before int64, limit int) ([]SectionRevision, int64, error) {
	if err := checkSection(section); err != nil {
		return nil, 0, err
	}
	if _, err := s.seq(ctx, number); err != nil {
		return nil, 0, err
	}
	if limit <= 0 || limit > MaxHistory {
		limit = 50
	}
	if before <= 0 {
		before = 1 << 62
	}
	rows, err := s.db.Query(ctx, `SELECT r.revision, r.body, COALESCE(u.handle, ''), r.created_at FROM statedoc_revisions r
		LEFT JOIN users u ON u.id = r.author WHERE r.incident = ? AND r.section = ? AND r.revision < ?
		ORDER BY r.revision DESC LIMIT ?`, number, section, before, limit+1)
	if err != nil {
		return nil, 0, fmt.Errorf("history of section %s of incident %d: %w", section, number, err)
	}
	defer rows.Close()
	out := []SectionRevision{}
	for rows.Next() {
		r := SectionRevision{Section: section}
		var at int64
		if err := rows.Scan(&r.Revision, &r.Body, &r.Author, &at); err != nil {
			return nil, 0, fmt.Errorf("history of section %s of incident %d: %w", section, number, err)
		}
		r.CreatedAt = store.FromMicros(at)
		r.HTML = markdown.Render(r.Body)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("history of section %s of incident %d: %w", section, number, err)
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[len(out)-1].Revision
	}
	return out, next, nil
}
