package oncall

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// A feed covers a week back, so the shift under way shows with its real
// start, and at least 60 days ahead, enough to plan holidays around.
const (
	FeedBehind = 7 * 24 * time.Hour
	FeedAhead  = 60 * 24 * time.Hour
)

// FeedWindow returns the range a feed made at now covers. Both ends sit on a
// UTC midnight, so that every fetch on one day returns the same events, and
// the event cut by the start of the range changes at most once a day.
func FeedWindow(now time.Time) (from, to time.Time) {
	day := now.UTC().Truncate(24 * time.Hour)
	return day.Add(-FeedBehind), day.Add(FeedAhead + 24*time.Hour)
}

// noFeed is the one answer to every feed request that fails: an unknown
// schedule or user, a missing token and a wrong one look alike, so the URL
// space reveals nothing to someone guessing.
func noFeed() error { return problem.NotFoundf("", "no such calendar feed") }

// ScheduleFeed returns the calendar of schedule name if token is its feed
// token: one event per shift with someone on call.
func (s *Service) ScheduleFeed(ctx context.Context, name, token string) (Calendar, error) {
	if !ValidFeedToken(token) || !handlePattern.MatchString(name) {
		return Calendar{}, noFeed()
	}
	now := s.clock.Now()
	from, to := FeedWindow(now)
	var d Definition
	err := s.db.QueryRow(ctx, `SELECT description FROM schedules WHERE name = ? AND ical_token_hash = ?`, name, feedTokenHash(token)).Scan(&d.Description)
	if errors.Is(err, store.ErrNotFound) {
		return Calendar{}, noFeed()
	}
	if err != nil {
		return Calendar{}, fmt.Errorf("feed of %s: %w", name, err)
	}
	shifts, err := s.Shifts(ctx, name, from, to)
	if err != nil {
		return Calendar{}, err
	}
	cal := Calendar{Name: name + " on call", Stamp: now}
	for _, sh := range shifts {
		if len(sh.OnCall) == 0 {
			continue
		}
		who := strings.Join(sh.OnCall, ", ")
		cal.Events = append(cal.Events, CalendarEvent{
			UID:   eventUID("schedule", name, sh.Start, who),
			Start: sh.Start, End: sh.End,
			Summary:     fmt.Sprintf("%s on call (%s)", who, name),
			Description: d.Description,
		})
	}
	return cal, nil
}

// UserFeed returns the personal calendar of user handle if token is their
// feed token: their shifts on every schedule, merged where they touch.
func (s *Service) UserFeed(ctx context.Context, handle, token string) (Calendar, error) {
	if !ValidFeedToken(token) || !handlePattern.MatchString(handle) {
		return Calendar{}, noFeed()
	}
	var id int64
	err := s.db.QueryRow(ctx, `SELECT u.id FROM user_ical_tokens t JOIN users u ON u.id = t.user_id
		WHERE u.handle = ? AND t.token_hash = ? AND u.disabled_at IS NULL`, handle, feedTokenHash(token)).Scan(&id)
	if errors.Is(err, store.ErrNotFound) {
		return Calendar{}, noFeed()
	}
	if err != nil {
		return Calendar{}, fmt.Errorf("feed of %s: %w", handle, err)
	}
	now := s.clock.Now()
	from, to := FeedWindow(now)
	defs, err := s.schedulesOf(ctx, handle, from, to)
	if err != nil {
		return Calendar{}, err
	}
	cal := Calendar{Name: handle + " on call", Stamp: now}
	for _, d := range defs {
		if d.Overrides, err = loadOverrides(ctx, s.db, d.ID, from, to); err != nil {
			return Calendar{}, err
		}
		for _, sh := range ForUser(d.Schedule().Shifts(from, to), handle) {
			cal.Events = append(cal.Events, CalendarEvent{
				UID:   eventUID("user", handle, sh.Start, d.Name),
				Start: sh.Start, End: sh.End,
				Summary:     "On call: " + d.Name,
				Description: d.Description,
			})
		}
	}
	slices.SortStableFunc(cal.Events, func(a, b CalendarEvent) int { return a.Start.Compare(b.Start) })
	return cal, nil
}

// schedulesOf returns the schedules that may put handle on call in [from,
// to): those whose layers mention them and those with an override for them.
// The LIKE on the layers document is only a first sieve ('_' in a handle
// matches any character); the calculation decides.
func (s *Service) schedulesOf(ctx context.Context, handle string, from, to time.Time) ([]Definition, error) {
	rows, err := s.db.Query(ctx, `SELECT `+scheduleColumns+` FROM schedules WHERE layers LIKE ?
		OR id IN (SELECT schedule_id FROM schedule_overrides WHERE user_handle = ? AND end_at > ? AND start_at < ?)
		ORDER BY name LIMIT ?`, `%"`+handle+`"%`, handle, store.Micros(from), store.Micros(to), MaxList)
	if err != nil {
		return nil, fmt.Errorf("schedules of %s: %w", handle, err)
	}
	defer rows.Close()
	var out []Definition
	for rows.Next() {
		d, err := scanDefinition(rows)
		if err != nil {
			return nil, fmt.Errorf("schedules of %s: %w", handle, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// eventUID names a shift the same way on every fetch: by what it is about,
// where it starts and who it is for. Its end is left out because the end of
// the range cuts the last shift short, differently from day to day.
func eventUID(kind, owner string, start time.Time, who string) string {
	sum := sha256.Sum256([]byte(kind + "\x00" + owner + "\x00" + start.UTC().Format(time.RFC3339) + "\x00" + who))
	return hex.EncodeToString(sum[:12]) + "@sitrep"
}
