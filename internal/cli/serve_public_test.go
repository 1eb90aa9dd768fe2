package cli_test

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"sitrep/internal/cli"
)

// An operator starts sitrep with --public-listen: customers reach the status
// page there and nothing else, and stopping sitrep stops both listeners.
func TestServeWithPublicListenServesOnlyTheStatusPage(t *testing.T) {
	api, public := freeAddr(t), freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"serve", "--data", t.TempDir(), "--listen", api, "--public-listen", public, "--log-level", "warn"}, &stdout, &stderr)
	}()
	defer func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited %d: %s", code, stderr.String())
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop within 20s of its context ending")
		}
		if _, err := net.DialTimeout("tcp", public, time.Second); err == nil {
			t.Error("public listener still open after serve stopped")
		}
	}()
	var res *http.Response
	for i := 0; i < 200; i++ {
		var err error
		if res, err = http.Get("http://" + public + "/"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if res == nil {
		t.Fatalf("public status page never answered: %s", stderr.String())
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET /: %s %s", res.Status, res.Header.Get("Content-Type"))
	}
	res, err := http.Get("http://" + public + "/api/v1/incidents")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /api/v1/incidents on the public listener: %s, want 404", res.Status)
	}
}

// freeAddr returns a loopback address that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
