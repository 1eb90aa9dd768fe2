package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/cli"
	"sitrep/internal/store"
)

// A responder follows the timeline in a terminal and sees a message posted
// after they started watching, then stops with Ctrl-C (the context ending).
func TestTimelineFollowShowsWhatHappensNext(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	admin(t, in, "declare", "Alerting down in all regions", "--severity", "SEV-1")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		code := cli.Main(ctx, []string{"--url", in.URL, "--token", apptest.AdminToken, "timeline", "1", "--follow"}, pw, &stderr)
		pw.Close()
		done <- code
	}()
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	failed := func(what string) {
		t.Helper()
		cancel()
		code := <-done
		t.Fatalf("timeline --follow ended (exit %d) before %s; stderr: %s", code, what, stderr.String())
	}

	// The declaration is already on the timeline: once it is printed, the
	// stream is live, so the next message is posted after following began.
	if !waitFor(lines, "incident.declared") {
		failed("printing the declaration")
	}
	if _, err := in.Admin.PostMessage(context.Background(), 1, 0, "eu1 control plane is back"); err != nil {
		t.Fatal(err)
	}
	if !waitFor(lines, "eu1 control plane is back") {
		failed("printing the message")
	}
	cancel()
	for range lines {
		// Drain whatever is in flight so Main can finish writing and return.
	}
	if code := <-done; code != 0 {
		t.Errorf("timeline --follow exited %d after Ctrl-C, want 0; stderr: %s", code, stderr.String())
	}
}

// waitFor reads lines until one contains want; false when they end first.
func waitFor(lines <-chan string, want string) bool {
	for l := range lines {
		if strings.Contains(l, want) {
			return true
		}
	}
	return false
}
