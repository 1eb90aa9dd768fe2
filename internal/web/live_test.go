package web_test

import (
	"bufio"
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
	"sitrep/internal/web"
)

// sse is one server-sent event.
type sse struct{ name, id, data string }

// openLive opens the incident page's live stream as its script would.
func (b *browser) openLive(ctx context.Context, path string) (<-chan sse, func()) {
	b.t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	req, err := http.NewRequestWithContext(ctx, "GET", b.base+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Accept", "text/event-stream")
	req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: b.session})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		b.t.Fatalf("GET %s: %d %q", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	out := make(chan sse, 64)
	go func() {
		defer close(out)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var ev sse
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" {
					ev.data = strings.Join(data, "\n")
					select {
					case out <- ev:
					case <-ctx.Done():
						return
					}
				}
				ev, data = sse{}, nil
			case strings.HasPrefix(line, "event: "):
				ev.name = line[len("event: "):]
			case strings.HasPrefix(line, "id: "):
				ev.id = line[len("id: "):]
			case strings.HasPrefix(line, "data: "):
				data = append(data, line[len("data: "):])
			}
		}
	}()
	return out, cancel
}

// await reads events until one named name holds want.
func await(t *testing.T, c <-chan sse, name, want string) sse {
	t.Helper()
	for ev := range c {
		if ev.name == name && strings.Contains(ev.data, want) {
			return ev
		}
	}
	t.Fatalf("stream ended before %s with %q", name, want)
	return sse{}
}

var liveURL = regexp.MustCompile(`data-live="(/incidents/\d+/live\?since=\d+)"`)

// Two people watch the incident page; what one posts appears in the other's
// regions as rendered HTML, with no reload, escaped like the page.
func TestLiveRegionsUpdateWithoutReload(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		laura := signedIn(t, in, "laura", "responder")
		laura.follow("/incidents", "title", "Watched", "severity", "SEV-2")
		vera := signedIn(t, in, "vera", "viewer")
		page := vera.do("GET", "/incidents/1", nil)
		m := liveURL.FindStringSubmatch(page.Body)
		if m == nil {
			t.Fatalf("no live URL on the page:\n%s", page.Body)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		events, stop := vera.openLive(ctx, strings.ReplaceAll(m[1], "&amp;", "&"))
		defer stop()
		second, stop2 := vera.openLive(ctx, strings.ReplaceAll(m[1], "&amp;", "&"))
		defer stop2()

		laura.follow("/incidents/1/messages", "body", "rolling back <b>now</b>")
		ev := await(t, events, "region-channel", "rolling back")
		if strings.Contains(ev.data, "csrf") {
			t.Fatalf("a shared fragment carries a CSRF token:\n%s", ev.data)
		}
		await(t, second, "region-channel", "rolling back")
		laura.follow("/incidents/1/workstreams", "name", "rollback")
		await(t, events, "region-workstreams", ">rollback</a>")
		laura.follow("/incidents/1/severity", "severity", "SEV-1")
		await(t, events, "region-header", "SEV-1")
		await(t, events, "region-timeline", "incident.severity_changed")

		// A reader that reconnects with an old Last-Event-ID gets every
		// region at once.
		again, stop3 := vera.openLive(ctx, "/incidents/1/live?since=0")
		defer stop3()
		await(t, again, "region-header", "SEV-1")
	})
}
