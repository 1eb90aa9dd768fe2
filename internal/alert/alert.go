// Package alert owns alerts from monitoring systems once they are normalized:
// their fingerprints, validation, dedup, grouping by labels, storm detection
// and the pages that groups raise. Parsers of the outside formats live in
// package ingest; this package never sees HTTP.
package alert

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"sort"
	"time"
	"unicode/utf8"

	"sitrep/internal/problem"
)

// Status is whether an alert is firing or resolved.
type Status string

// The statuses of an alert and of a group.
const (
	Firing   Status = "firing"
	Resolved Status = "resolved"
	Open     Status = "open"
)

// Limits on one alert. They bound what a misconfigured sender can make us
// store per alert; Alertmanager's own alerts stay far below them.
const (
	MaxLabels     = 64
	MaxValueBytes = 1024
	MaxBatch      = 10000
)

var labelName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

// Alert is one alert as senders describe it.
type Alert struct {
	ID          int64             `json:"id,omitempty"`
	Fingerprint string            `json:"fingerprint"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations,omitempty"`
	Status      Status            `json:"status"`
	StartsAt    time.Time         `json:"starts_at"`
	EndsAt      time.Time         `json:"ends_at,omitzero"`
	LastSeenAt  time.Time         `json:"last_seen_at,omitzero"`
	GroupID     int64             `json:"group_id,omitempty"`
	Source      string            `json:"source"`
	// DedupKey, when a sender gives one, is the alert's identity instead of
	// its labels (the generic endpoint's dedup_key).
	DedupKey string `json:"-"`
}

// Fingerprint is a stable hash of the sorted labels, as Alertmanager's: the
// same label set always names the same alert, whatever the order they came in.
func Fingerprint(labels map[string]string) string {
	names := make([]string, 0, len(labels))
	for n := range labels {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		// 0xff never occurs in UTF-8, so it separates without ambiguity.
		h.Write([]byte(n))
		h.Write([]byte{0xff})
		h.Write([]byte(labels[n]))
		h.Write([]byte{0xff})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// fingerprint is the alert's identity: its dedup key when it has one.
func (a *Alert) fingerprint() string {
	if a.DedupKey != "" {
		return Fingerprint(map[string]string{"\x00dedup_key": a.DedupKey})
	}
	return Fingerprint(a.Labels)
}

// Validate checks an alert before it is stored, naming the field at fault.
func (a *Alert) Validate(field string) error {
	if len(a.Labels) == 0 && a.DedupKey == "" {
		return problem.Invalidf(field+".labels", "give at least one label (such as alertname) to identify the alert")
	}
	if len(a.Labels) > MaxLabels {
		return problem.Invalidf(field+".labels", "at most %d labels", MaxLabels)
	}
	if err := checkMap(field+".labels", a.Labels, true); err != nil {
		return err
	}
	if len(a.Annotations) > MaxLabels {
		return problem.Invalidf(field+".annotations", "at most %d annotations", MaxLabels)
	}
	if err := checkMap(field+".annotations", a.Annotations, true); err != nil {
		return err
	}
	if !text(a.DedupKey) || len(a.DedupKey) > MaxValueBytes {
		return problem.Invalidf(field+".dedup_key", "must be UTF-8 text of at most %d bytes", MaxValueBytes)
	}
	if a.Status != Firing && a.Status != Resolved {
		return problem.Invalidf(field+".status", "must be firing or resolved")
	}
	return nil
}

func checkMap(field string, m map[string]string, names bool) error {
	for k, v := range m {
		if names && !labelName.MatchString(k) {
			return problem.Invalidf(field, "%q is not a label name: use letters, digits and _ and do not start with a digit", trim(k))
		}
		if !text(v) || len(v) > MaxValueBytes {
			return problem.Invalidf(field+"."+k, "must be UTF-8 text of at most %d bytes", MaxValueBytes)
		}
	}
	return nil
}

// text reports whether s can be stored on both databases: PostgreSQL refuses
// NUL and invalid UTF-8 in text columns.
func text(s string) bool {
	for _, r := range s {
		if r == 0 {
			return false
		}
	}
	return utf8.ValidString(s)
}

func trim(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	if !utf8.ValidString(s) {
		return "(not UTF-8)"
	}
	return s
}
