// Package statedoc owns each incident's living state document: the sections
// the commander and communications lead write ("What we know", "Current
// theories", "What responders should do / not do") with every revision kept,
// and the sections derived from each workstream's lead's latest update. Many
// people read it, few write it, and no edit is ever silently overwritten: a
// save names the revision it was based on and is refused if another came in
// between.
package statedoc

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"time"
	"unicode/utf8"

	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/incident"
	"sitrep/internal/markdown"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// The written sections, in the order the document shows them.
const (
	WhatWeKnow = "what_we_know"
	Theories   = "theories"
	Guidance   = "guidance"
)

// SectionInfo names a written section.
type SectionInfo struct {
	Key   string
	Title string
}

// Sections lists the written sections in display order.
var Sections = []SectionInfo{
	{WhatWeKnow, "What we know"},
	{Theories, "Current theories"},
	{Guidance, "What responders should do / not do"},
}

// RoleCommsLead is the communications lead's role slug; with the commander
// they are the document's writers.
const RoleCommsLead = "comms-lead"

// MaxBody is the largest section text, in bytes: what the Markdown renderer
// accepts whole.
const MaxBody = markdown.MaxInput

// EditedEvent is the timeline event kind of a saved section.
const EditedEvent = "statedoc.edited"

// SectionRevision is one saved version of a section.
type SectionRevision struct {
	Section   string        `json:"section"`
	Revision  int64         `json:"revision"`
	Body      string        `json:"body"`
	HTML      template.HTML `json:"html"`
	Author    string        `json:"author,omitempty"`
	CreatedAt time.Time     `json:"created_at,omitzero"`
}

// Service reads and writes state documents.
type Service struct {
	db    *store.DB
	log   *event.Log
	clock clock.Clock
	cache *SeqCache[docKey, StateDoc]
}

// NewService returns the state document service.
func NewService(db *store.DB, log *event.Log, c clock.Clock) *Service {
	return &Service{db: db, log: log, clock: c, cache: NewSeqCache[docKey, StateDoc](1024)}
}

func sectionTitle(key string) (string, bool) {
	for _, s := range Sections {
		if s.Key == key {
			return s.Title, true
		}
	}
	return "", false
}

func checkSection(key string) error {
	if _, ok := sectionTitle(key); !ok {
		return problem.NotFoundf("section", "no section %q; the sections are what_we_know, theories and guidance", key)
	}
	return nil
}

// Edit saves body as the next revision of section of incident number. base is
// the revision the writer started from (0 for a section never saved); if
// another revision was saved since, the edit is refused with a conflict whose
// value is the current revision, so the writer can merge instead of losing
// either text.
func (s *Service) Edit(ctx context.Context, actor auth.Principal, number int64, section, body string, base int64) (SectionRevision, error) {
	if err := checkSection(section); err != nil {
		return SectionRevision{}, err
	}
	// PostgreSQL refuses NUL and invalid UTF-8 in text, and SQLite stores
	// them: refuse both here, so the two databases answer alike.
	if !utf8.ValidString(body) || strings.ContainsRune(body, 0) {
		return SectionRevision{}, problem.Invalidf("body", "must be valid UTF-8 text without NUL characters")
	}
	if len(body) > MaxBody {
		return SectionRevision{}, problem.Invalidf("body", "must be at most %d bytes (got %d); move detail into workstream updates", MaxBody, len(body))
	}
	if base < 0 {
		return SectionRevision{}, problem.Invalidf("base_revision", "must be 0 or more: the revision your text started from")
	}
	now := s.clock.Now()
	rev := SectionRevision{Section: section, Revision: base + 1, Body: body, Author: actor.Handle, CreatedAt: now}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := lockIncident(ctx, tx, number); err != nil {
			return err
		}
		if err := RequireWriter(ctx, tx, actor, number, "edit the state document"); err != nil {
			return err
		}
		cur, err := s.current(ctx, tx, number, section)
		if err != nil {
			return err
		}
		if cur.Revision != base {
			return conflict(base, cur)
		}
		_, err = tx.Exec(ctx, `INSERT INTO statedoc_revisions (incident, section, revision, body, author, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			number, section, rev.Revision, body, store.NullID(actor.UserID), store.Micros(now))
		if err != nil {
			return err
		}
		_, err = s.log.Append(ctx, tx, number, actor.UserID, now, EditedEvent,
			map[string]any{"section": section, "revision": rev.Revision, "length": len(body)})
		return err
	})
	if err != nil {
		return SectionRevision{}, fmt.Errorf("edit section %s of incident %d: %w", section, number, err)
	}
	rev.HTML = markdown.Render(body)
	return rev, nil
}

func conflict(base int64, cur SectionRevision) error {
	cur.HTML = markdown.Render(cur.Body)
	var p *problem.Error
	if base > cur.Revision {
		p = problem.Conflictf("base_revision", "this section has no revision %d; its current revision is %d (in value): start from it", base, cur.Revision)
	} else {
		p = problem.Conflictf("base_revision",
			"%s saved revision %d of this section at %s, after revision %d that your text started from; merge your text with theirs (in value) and save again with base_revision %d",
			orSomeone(cur.Author), cur.Revision, cur.CreatedAt.Format("15:04:05 UTC"), base, cur.Revision)
	}
	p.Value = cur
	return p
}

func orSomeone(h string) string {
	if h == "" {
		return "someone"
	}
	return h
}

// lockIncident takes incident number's row lock for the transaction (every
// change to an incident takes it, so edits of one document are serialized)
// and reports an unknown incident.
func lockIncident(ctx context.Context, tx *store.Tx, number int64) error {
	var n int64
	err := tx.QueryRow(ctx, `SELECT number FROM incidents WHERE number = ?`+tx.ForUpdate(), number).Scan(&n)
	if errors.Is(err, store.ErrNotFound) {
		return problem.NotFoundf("number", "no incident %d; list incidents with GET /api/v1/incidents", number)
	}
	return err
}

// RequireWriter refuses, inside tx, anyone but the incident's current
// commander, its communications lead and admins: the people who speak for the
// incident, who write its document and hand out its briefs.
func RequireWriter(ctx context.Context, tx *store.Tx, actor auth.Principal, number int64, action string) error {
	if actor.Role.Allows(auth.Admin) {
		return nil
	}
	var n int64
	err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM role_holders WHERE incident = ? AND user_id = ? AND role IN (?, ?) AND ended_at IS NULL`,
		number, actor.UserID, incident.RoleCommander, RoleCommsLead).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		return problem.Forbiddenf("only the commander or the communications lead of incident %d (or an admin) may %s; ask them, or take the role with `sitrep role %d comms-lead <you>`", number, action, number)
	}
	return nil
}

type querier interface {
	QueryRow(ctx context.Context, query string, args ...any) *store.Row
}

// current returns the latest revision of section (revision 0 if never saved).
func (s *Service) current(ctx context.Context, q querier, number int64, section string) (SectionRevision, error) {
	r := SectionRevision{Section: section}
	var at int64
	err := q.QueryRow(ctx, `SELECT r.revision, r.body, COALESCE(u.handle, ''), r.created_at FROM statedoc_revisions r
		LEFT JOIN users u ON u.id = r.author WHERE r.incident = ? AND r.section = ? ORDER BY r.revision DESC LIMIT 1`,
		number, section).Scan(&r.Revision, &r.Body, &r.Author, &at)
	if errors.Is(err, store.ErrNotFound) {
		return r, nil
	}
	if err != nil {
		return SectionRevision{}, err
	}
	r.CreatedAt = store.FromMicros(at)
	return r, nil
}
