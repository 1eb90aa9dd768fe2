package httpapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"sitrep/client"
)

// stream is a raw SSE connection to an incident's live events. It checks the
// wire format as it reads: every event carries "id: <seq>" matching its data.
type stream struct {
	t      testing.TB
	ctx    context.Context
	cancel context.CancelFunc
	events chan client.Event
	done   chan error
}

// follow opens the live stream of incident number; lastID, if set, is sent as
// Last-Event-ID and query is appended to the URL.
func follow(t testing.TB, ctx context.Context, base, token string, number int64, lastID, query string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/api/v1/incidents/%d/events%s", base, number, query), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "text/event-stream")
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatalf("open stream: %v", err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		resp.Body.Close()
		cancel()
		t.Fatalf("open stream: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := &stream{t: t, ctx: ctx, cancel: cancel, events: make(chan client.Event, 1024), done: make(chan error, 1)}
	go s.read(resp)
	t.Cleanup(s.close)
	return s
}

func (s *stream) read(resp *http.Response) {
	defer resp.Body.Close()
	defer close(s.events)
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	var id, kind, payload string
	for sc.Scan() {
		line := sc.Text()
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch {
		case field == "id":
			id = value
		case field == "event":
			kind = value
		case field == "data":
			payload = value
		case line == "" && payload != "":
			var ev client.Event
			if err := json.Unmarshal([]byte(payload), &ev); err != nil {
				s.done <- fmt.Errorf("event %s: data does not decode: %v", id, err)
				return
			}
			if kind == "reconnect" {
				s.done <- fmt.Errorf("server asked to reconnect: %s", payload)
				return
			}
			if id != strconv.FormatInt(ev.Seq, 10) || kind != ev.Kind {
				s.done <- fmt.Errorf("frame id %q event %q for seq %d %s; want id: <seq>", id, kind, ev.Seq, ev.Kind)
				return
			}
			s.events <- ev
			id, kind, payload = "", "", ""
		}
	}
	s.done <- sc.Err()
}

// next waits for the next event until the test's deadline.
func (s *stream) next() client.Event {
	s.t.Helper()
	select {
	case ev, ok := <-s.events:
		if !ok {
			s.t.Fatalf("stream ended: %v", <-s.done)
		}
		return ev
	case <-s.ctx.Done():
		s.t.Fatalf("no event before the deadline: %v", s.ctx.Err())
	}
	return client.Event{}
}

// until reads events up to and including seq.
func (s *stream) until(seq int64) []client.Event {
	s.t.Helper()
	var got []client.Event
	for {
		ev := s.next()
		got = append(got, ev)
		if ev.Seq >= seq {
			return got
		}
	}
}

// close disconnects, as a browser tab closing or a network blip would.
func (s *stream) close() { s.cancel() }

// seqs lists the sequence numbers of evs.
func seqs(evs []client.Event) []int64 {
	out := make([]int64, len(evs))
	for i, ev := range evs {
		out[i] = ev.Seq
	}
	return out
}

// span lists from..to inclusive.
func span(from, to int64) []int64 {
	var out []int64
	for s := from; s <= to; s++ {
		out = append(out, s)
	}
	return out
}
