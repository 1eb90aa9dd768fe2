// Package catalog owns services: the things that break, with tier, owner
// team and escalation policy; later the recovery board orders by tier. It
// also owns integrations, the per-sender secret keys that let monitoring
// systems post alerts, optionally on behalf of one service.
package catalog

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Service is one thing that can break. Its escalation policy is who gets
// paged when an alert names it (label service=<name>) and no route says
// otherwise.
type Service struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	DisplayName string    `json:"display_name"`
	Tier        int       `json:"tier"`
	OwnerTeam   string    `json:"owner_team"`
	Policy      string    `json:"escalation_policy"`
	Description string    `json:"description"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Tiers run from 1, the most critical, to 4.
const (
	MinTier = 1
	MaxTier = 4
)

// Limits of a service's text, and of one list call.
const (
	MaxName        = 64
	MaxDisplayName = 200
	MaxDescription = 4000
	DefaultLimit   = 100
	MaxLimit       = 500
)

// slug is a service name: it appears in alert labels and URLs, so it is kept
// to what both read without escaping.
var slug = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// CheckName refuses a name that is not a slug, naming field.
func CheckName(field, name string) error {
	if len(name) > MaxName || !slug.MatchString(name) {
		return problem.Invalidf(field, "%q is not a service name: use lower-case letters, digits, - and _ (at most %d), starting with a letter or digit", clip(name), MaxName)
	}
	return nil
}

// Validate checks a service before it is saved, filling the display name
// from the name when it is empty.
func (sv *Service) Validate() error {
	if err := CheckName("name", sv.Name); err != nil {
		return err
	}
	sv.DisplayName = strings.TrimSpace(sv.DisplayName)
	if sv.DisplayName == "" {
		sv.DisplayName = sv.Name
	}
	if err := checkText("display_name", sv.DisplayName, MaxDisplayName); err != nil {
		return err
	}
	if sv.Tier < MinTier || sv.Tier > MaxTier {
		return problem.Invalidf("tier", "must be %d (most critical) to %d", MinTier, MaxTier)
	}
	if err := checkText("owner_team", sv.OwnerTeam, MaxDisplayName); err != nil {
		return err
	}
	if sv.Policy == "" {
		return problem.Invalidf("escalation_policy", "name the escalation policy that pages for this service")
	}
	if err := checkText("escalation_policy", sv.Policy, MaxDisplayName); err != nil {
		return err
	}
	return checkText("description", sv.Description, MaxDescription)
}

func checkText(field, s string, max int) error {
	if len(s) > max {
		return problem.Invalidf(field, "at most %d bytes", max)
	}
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return problem.Invalidf(field, "must be UTF-8 text without NUL")
	}
	return nil
}

func clip(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	if !utf8.ValidString(s) {
		return "(not UTF-8)"
	}
	return s
}

// Catalog stores services and integrations. Each mutation is one
// transaction that also appends its event (to no incident); only admins
// change the catalog.
type Catalog struct {
	db    *store.DB
	log   *event.Log
	clock clock.Clock
}

// New returns the catalog.
func New(db *store.DB, log *event.Log, c clock.Clock) *Catalog {
	return &Catalog{db: db, log: log, clock: c}
}

func admin(actor auth.Principal, what string) error {
	if !actor.Role.Allows(auth.Admin) {
		return problem.Forbiddenf("only admins manage %s; you are %s", what, actor.Role)
	}
	return nil
}
