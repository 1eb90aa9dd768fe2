package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"sitrep/internal/app"
	"sitrep/internal/app/apptest"
	"sitrep/internal/config"
)

// FuzzDeclareBody posts arbitrary bytes as a declaration. Whatever arrives,
// the answer is a 201 or a 4xx problem, never a 5xx.
func FuzzDeclareBody(f *testing.F) {
	for _, c := range badDeclarations {
		// The 100 KB title stays in the table test: as a seed it makes every
		// mutation a 100 KB request and minimizing one takes minutes. Its
		// refusal is the same as that of any title past the limit.
		if len(c.body) > 4096 {
			c.body = fmt.Sprintf(`{"title":%q,"severity":"SEV-2"}`, strings.Repeat("A", 201))
		}
		f.Add([]byte(c.body))
	}
	f.Add([]byte(`{"title":"Alerting down in all regions","severity":"SEV-1","tags":["region:eu1"]}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"title":"x","severity":"SEV-1","started_at":"garbage"}`))

	// The instance is built here rather than with apptest.Start: its log goes
	// to a buffer shown on failure, since F's methods may not be called from
	// server goroutines while the fuzz target runs.
	var logs lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	cfg := config.Config{DataDir: f.TempDir(), Listen: "127.0.0.1:0", ShutdownTimeout: 5 * time.Second, BootstrapToken: apptest.AdminToken}
	a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(&logs, nil)), app.Options{Stdout: io.Discard})
	if err != nil {
		cancel()
		f.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	f.Cleanup(func() {
		srv.Close()
		cancel()
		a.Close()
	})

	f.Fuzz(func(t *testing.T, body []byte) {
		r := call(t, srv.URL, apptest.AdminToken, http.MethodPost, "/api/v1/incidents", body)
		if r.Status >= 500 {
			t.Fatalf("%d for body %q: %s\nserver log:\n%s", r.Status, body, r.Body, logs.String())
		}
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if r.Status >= 400 && mt != "application/problem+json" {
			t.Fatalf("%d with Content-Type %q for body %q", r.Status, mt, body)
		}
		if r.Status < 400 && r.Status != http.StatusCreated {
			t.Fatalf("%d for body %q, want 201 or a refusal", r.Status, body)
		}
	})
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
