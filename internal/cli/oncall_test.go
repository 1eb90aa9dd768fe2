package cli_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// An admin sets up the major-incident and exec-on-call rotations from the
// terminal; laura is called away and sam takes her shift for eight hours;
// everyone can see who is on call, and the override goes again.
func TestOnCallFromTheTerminal(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		for _, h := range []string{"laura", "laurent", "sam"} {
			in.User(t, h, "responder")
		}
		sam := token(t, in, "sam")
		// One-person layers keep the answers independent of today's date.
		admin(t, in, "schedule", "add", "major-incident", "--time-zone", "Europe/Berlin", "--description", "SEV-1 and SEV-2 commanders",
			"--layer", "members=laura;start=2020-01-06T09:00;shift=weekly")
		spec := filepath.Join(t.TempDir(), "exec.json")
		if err := os.WriteFile(spec, []byte(`{"time_zone":"America/New_York","layers":[{"members":["laurent"],"start":"2020-01-06T09:00","shift_kind":"daily","shift_length":1}]}`), 0o600); err != nil {
			t.Fatal(err)
		}
		admin(t, in, "schedule", "add", "exec-on-call", "--file", spec)

		wantContains(t, "oncall", must(t, in, sam, "oncall"), "major-incident  laura", "exec-on-call    laurent")
		out := must(t, in, sam, "override", "add", "major-incident", "--replaces", "laura", "--end", "+8h")
		wantContains(t, "override add", out, "sam stands in for laura")
		id := regexp.MustCompile(`Override (\d+)`).FindStringSubmatch(out)
		if id == nil {
			t.Fatalf("no override id in %q", out)
		}
		wantContains(t, "oncall major-incident", must(t, in, sam, "oncall", "major-incident"), "major-incident: sam")
		wantContains(t, "oncall --at +9h", must(t, in, sam, "oncall", "major-incident", "--at", "+9h"), "major-incident: laura")
		show := must(t, in, sam, "schedule", "show", "major-incident")
		wantContains(t, "schedule show", show, "Europe/Berlin", "SEV-1 and SEV-2 commanders",
			"--layer 'members=laura;start=2020-01-06T09:00;shift=weekly:1'", id[1]+"  ", "sam")
		var oc []struct {
			Schedule string   `json:"schedule"`
			Users    []string `json:"users"`
		}
		if err := json.Unmarshal([]byte(must(t, in, sam, "--json", "oncall")), &oc); err != nil || len(oc) != 2 || oc[1].Users[0] != "sam" {
			t.Fatalf("oncall --json: %+v %v", oc, err)
		}
		must(t, in, sam, "override", "remove", "major-incident", id[1])
		wantContains(t, "oncall after remove", must(t, in, sam, "oncall", "major-incident"), "major-incident: laura")
		wantContains(t, "schedule list", must(t, in, sam, "schedule", "list"), "exec-on-call", "America/New_York", "major-incident")
	})
}

// The feed URL the terminal prints opens in a calendar app without a token.
func TestScheduleFeedFromTheTerminal(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	in.User(t, "laura", "responder")
	admin(t, in, "schedule", "add", "major-incident", "--time-zone", "Europe/Berlin", "--layer", "members=laura;start=2020-01-06T09:00;shift=weekly")
	u := strings.TrimSpace(must(t, in, token(t, in, "laura"), "schedule", "feed", "major-incident"))
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "SUMMARY:laura on call (major-incident)") {
		t.Fatalf("GET %s: %d\n%s", u, resp.StatusCode, body)
	}
}

// Mistakes are caught before or by the server, and say what to fix.
func TestScheduleMistakesFromTheTerminal(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	in.User(t, "laura", "responder")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"schedule", "add", "major-incident", "--time-zone", "Europe/Berlin", "--layer", "members=laura"}, "start is missing"},
		{[]string{"schedule", "add", "major-incident", "--time-zone", "Mars/Olympus_Mons", "--layer", "members=laura;start=2020-01-06T09:00;shift=weekly"}, "time_zone: \"Mars/Olympus_Mons\" is not a time zone"},
		{[]string{"schedule", "add", "major-incident", "--time-zone", "UTC", "--layer", "members=laura,mallory;start=2020-01-06T09:00;shift=weekly"}, "layers[0].members[1]: no user \"mallory\""},
		{[]string{"schedule", "add", "major-incident", "--time-zone", "UTC"}, "--layer"},
		{[]string{"oncall", "major-incident", "--at", "teatime"}, "--at"},
		{[]string{"oncall", "exec-on-call"}, "no schedule"},
		{[]string{"override", "add", "major-incident", "--replaces", "laura"}, "--end is required"},
		{[]string{"override", "remove", "major-incident", "twelve"}, "not a number"},
		{[]string{"schedule", "feed"}, "NAME or --user"},
	} {
		r := sitrep(t, in, apptest.AdminToken, c.args...)
		if r.code == 0 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("sitrep %s: exit %d, stderr %q; want it to mention %q", strings.Join(c.args, " "), r.code, r.stderr, c.want)
		}
	}
}

// token makes an API token for handle.
func token(t *testing.T, in *apptest.Instance, handle string) string {
	t.Helper()
	tok, err := in.Admin.CreateToken(context.Background(), handle, "terminal")
	if err != nil {
		t.Fatal(err)
	}
	return tok.Secret
}
