package store

import "time"

// Both dialects store instants as BIGINT microseconds since the Unix epoch in
// UTC: the one representation that sorts, compares and round-trips the same on
// SQLite and PostgreSQL without driver-specific time parsing.

// Micros converts t to the stored representation.
func Micros(t time.Time) int64 { return t.UTC().UnixMicro() }

// FromMicros converts a stored instant back to UTC time.
func FromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// NullMicros converts an optional instant; the zero time is stored as NULL.
func NullMicros(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return Micros(t)
}

// FromNullMicros converts an optional stored instant; NULL becomes the zero time.
func FromNullMicros(us *int64) time.Time {
	if us == nil {
		return time.Time{}
	}
	return FromMicros(*us)
}

// NullID stores an optional reference: 0 becomes NULL.
func NullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
