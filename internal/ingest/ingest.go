// Package ingest owns the formats in which monitoring systems send alerts:
// Alertmanager's POST /api/v2/alerts body, the Alertmanager webhook, the
// Grafana alerting webhook, and sitrep's generic JSON. Each parser turns outside bytes into alert.Alert
// values and refuses what it cannot read; rules about alerts stay in
// package alert.
package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"sitrep/internal/problem"
)

// MaxBody is the largest request body taken in. A batch of 10,000 alerts with
// ordinary labels stays below it; anything larger is a misconfigured sender.
const MaxBody = 4 << 20

// stamp is an optional RFC 3339 instant: Alertmanager sends "" or the zero
// time for "not set", which time.Time refuses to decode.
type stamp struct{ time.Time }

func (s *stamp) UnmarshalJSON(b []byte) error {
	var str *string
	if err := json.Unmarshal(b, &str); err != nil {
		return err
	}
	if str == nil || *str == "" {
		s.Time = time.Time{}
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, *str)
	if err != nil {
		return fmt.Errorf("%q is not an RFC 3339 time", *str)
	}
	if t.Year() <= 1 {
		t = time.Time{}
	}
	s.Time = t.UTC()
	return nil
}

// decode reads exactly one JSON value into v, refusing trailing data so that
// two concatenated bodies are not half taken.
func decode(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		return malformed(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return problem.Invalidf("body", "unexpected data after the JSON value")
	}
	return nil
}

func malformed(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return problem.Invalidf("body", "malformed JSON at byte %d: %v", se.Offset, se)
	case errors.As(err, &te):
		return problem.Invalidf("body", "%s must be %s, not %s", te.Field, te.Type, te.Value)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return problem.Invalidf("body", "the JSON body ends too early")
	}
	return problem.Invalidf("body", "cannot read the body: %v", err)
}
