package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"testing"
	"time"

	"sitrep/client"
)

// must turns a client call into its value, failing the test on error:
// inc := must(laura.Declare(ctx, d))(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// answer is an HTTP response read whole, for tests that check the wire format
// rather than what the client makes of it.
type answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// call sends one raw request; headers come in name, value pairs.
func call(t testing.TB, base, token, method, path string, body []byte, headers ...string) answer {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, rd)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read answer: %v", method, path, err)
	}
	return answer{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// problemDoc is an RFC 9457 problem as sitrep writes it.
type problemDoc struct {
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Location string `json:"location"`
		Message  string `json:"message"`
	} `json:"errors"`
}

// problem checks that a is a 4xx problem+json and decodes it.
func (a answer) problem(t testing.TB) problemDoc {
	t.Helper()
	if a.Status < 400 || a.Status >= 500 {
		t.Fatalf("status %d, want a 4xx refusal: %s", a.Status, a.Body)
	}
	if mt, _, _ := mime.ParseMediaType(a.Header.Get("Content-Type")); mt != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json: %s", a.Header.Get("Content-Type"), a.Body)
	}
	var p problemDoc
	if err := json.Unmarshal(a.Body, &p); err != nil {
		t.Fatalf("problem does not decode: %v: %s", err, a.Body)
	}
	if p.Status != a.Status {
		t.Errorf("problem says status %d, the answer %d", p.Status, a.Status)
	}
	return p
}

// locations lists where a problem says the offending input is.
func (p problemDoc) locations() []string {
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Location)
	}
	return out
}

// getJSON reads path into out, for lists the public client does not cover.
func getJSON(t testing.TB, base, token, path string, out any) {
	t.Helper()
	a := call(t, base, token, http.MethodGet, path, nil)
	if a.Status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, a.Status, a.Body)
	}
	if err := json.Unmarshal(a.Body, out); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// timeline reads every event of an incident, page by page.
func timeline(t testing.TB, c *client.Client, number int64) []client.Event {
	t.Helper()
	var all []client.Event
	var after int64
	for {
		p, err := c.Timeline(context.Background(), number, after, 1000)
		if err != nil {
			t.Fatalf("timeline of %d: %v", number, err)
		}
		all = append(all, p.Events...)
		if p.NextCursor == "" || len(p.Events) == 0 {
			return all
		}
		after = p.Events[len(p.Events)-1].Seq
	}
}

// lastSeq is the sequence number of an incident's latest event.
func lastSeq(t testing.TB, c *client.Client, number int64) int64 {
	t.Helper()
	evs := timeline(t, c, number)
	if len(evs) == 0 {
		return 0
	}
	return evs[len(evs)-1].Seq
}

// data decodes an event's payload.
func data(t testing.TB, ev client.Event) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(ev.Data, &m); err != nil {
		t.Fatalf("event %d %s: payload: %v", ev.Seq, ev.Kind, err)
	}
	return m
}

// withDeadline bounds a test's waits for signals, so that a lost event fails
// the test instead of hanging it.
func withDeadline(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}
