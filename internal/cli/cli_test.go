package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/cli"
)

// result is what a person at the terminal sees of one command.
type result struct {
	code           int
	stdout, stderr string
}

// sitrep runs one command line against in with token, as `sitrep --url ...
// --token ... args...` would.
func sitrep(t *testing.T, in *apptest.Instance, token string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	all := append([]string{"--url", in.URL, "--token", token}, args...)
	code := cli.Main(context.Background(), all, &stdout, &stderr)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// must is sitrep for commands that are expected to succeed.
func must(t *testing.T, in *apptest.Instance, token string, args ...string) string {
	t.Helper()
	r := sitrep(t, in, token, args...)
	if r.code != 0 {
		t.Fatalf("sitrep %s: exit %d\nstderr: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}

// admin runs a command with the instance's bootstrap admin token.
func admin(t *testing.T, in *apptest.Instance, args ...string) string {
	t.Helper()
	return must(t, in, apptest.AdminToken, args...)
}

func wantContains(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s does not mention %q:\n%s", what, w, got)
		}
	}
}
