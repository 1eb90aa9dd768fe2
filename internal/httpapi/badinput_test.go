package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// refusal is a request that must be refused, with the status and the location
// of the offending input the problem must name.
type refusal struct {
	name, method, path, body string
	status                   int
	location                 string
}

// badDeclarations are declaration bodies that must never open an incident.
// FuzzDeclareBody starts from them too.
var badDeclarations = []refusal{
	{name: "wrong severity", body: `{"title":"Alerting down","severity":"SEV-9"}`, status: 422, location: "body.severity"},
	{name: "empty title", body: `{"title":"","severity":"SEV-2"}`, status: 422, location: "body.title"},
	{name: "blank title", body: `{"title":"   ","severity":"SEV-2"}`, status: 422, location: "body.title"},
	{name: "100 KB title", body: fmt.Sprintf(`{"title":%q,"severity":"SEV-2"}`, strings.Repeat("A", 100_000)), status: 422, location: "body.title"},
	{name: "malformed JSON", body: `{"title":`, status: 400, location: "body"},
	{name: "misspelt field", body: `{"title":"Alerting down","severity":"SEV-2","sevrity":"SEV-1"}`, status: 422, location: "body.sevrity"},
	{name: "tag with a space", body: `{"title":"Alerting down","severity":"SEV-2","tags":["region eu1"]}`, status: 422, location: "body.tags"},
	{name: "unknown commander", body: `{"title":"Alerting down","severity":"SEV-2","commander":"nobody-here"}`, status: 404, location: "body.commander"},
	{name: "start in the future", body: `{"title":"Alerting down","severity":"SEV-2","started_at":"2999-01-01T00:00:00Z"}`, status: 422, location: "body.started_at"},
	// PostgreSQL cannot store NUL; SQLite can. Both must refuse it alike.
	{name: "NUL in title", body: `{"title":"Alerting\u0000down","severity":"SEV-2"}`, status: 422, location: "body.title"},
	{name: "NUL in summary", body: `{"title":"Alerting down","severity":"SEV-2","summary":"\u0000"}`, status: 422, location: "body.summary"},
	{name: "NUL in a tag", body: `{"title":"Alerting down","severity":"SEV-2","tags":["region:eu1","\u0000"]}`, status: 422, location: "body.tags[1]"},
}

// Bad input gets a 4xx problem+json naming the field, never a 5xx, and writes
// nothing: no incident, no event.
func TestBadInputIsRefusedNamingTheField(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := context.Background()
		in.User(t, "laura", "responder")
		in.User(t, "sam", "responder")
		in.User(t, "vera", "viewer")
		open := must(in.Admin.Declare(ctx, client.Declaration{Title: "Alerting down in all regions", Severity: "SEV-1"}))(t)
		must(in.Admin.Join(ctx, open.Number, "laura"))(t)
		ws := must(in.Admin.AddWorkstream(ctx, open.Number, "eu1-compute", "laura", 1))(t)
		done := must(in.Admin.Declare(ctx, client.Declaration{Title: "Certificate expired on the status page", Severity: "SEV-3"}))(t)
		must(in.Admin.Resolve(ctx, done.Number))(t)

		// The same raw request with good input is accepted, so the table
		// below cannot pass against a server that refuses everything.
		good, _ := json.Marshal(map[string]any{"title": "Status page slow", "severity": "SEV-3", "tags": []string{"region:eu1"}})
		if a := call(t, in.URL, apptest.AdminToken, http.MethodPost, "/api/v1/incidents", good); a.Status != http.StatusCreated {
			t.Fatalf("good declaration: %d %s", a.Status, a.Body)
		}

		n := fmt.Sprintf("/api/v1/incidents/%d", open.Number)
		w := fmt.Sprintf("%s/workstreams/%d", n, ws.ID)
		cases := []refusal{
			{"unknown user joins", "POST", n + "/responders", `{"user":"nobody-here"}`, 404, "body.user"},
			{"viewer joins", "POST", n + "/responders", `{"user":"vera"}`, 409, "body.user"},
			{"role to a non-responder", "PUT", n + "/roles/commander", `{"user":"sam"}`, 409, "body.user"},
			{"unknown role", "PUT", n + "/roles/incident-boss", `{"user":"laura"}`, 404, "path.role"},
			{"NUL in a role", "PUT", n + "/roles/comms%00lead", `{"user":"laura"}`, 422, "path.role"},
			{"invalid UTF-8 in a handle", "GET", "/api/v1/users/laur%ffa", "", 422, "path.handle"},
			{"splitting a resolved incident", "POST", fmt.Sprintf("/api/v1/incidents/%d/split", done.Number), `{"title":"EU1"}`, 409, "path.number"},
			{"splitting off another incident's workstream", "POST", n + "/split", `{"title":"EU1","workstreams":[999999]}`, 422, "body.workstreams[0]"},
			{"bad cursor on incidents", "GET", "/api/v1/incidents?cursor=abc", "", 422, "query.cursor"},
			{"bad cursor on responders", "GET", n + "/responders?cursor=abc", "", 422, "query.cursor"},
			{"bad cursor on updates", "GET", n + "/updates?cursor=abc", "", 422, "query.cursor"},
			{"bad cursor on messages", "GET", n + "/messages?cursor=abc", "", 422, "query.cursor"},
			{"bad cursor on the timeline", "GET", n + "/timeline?after=x", "", 422, "query.after"},
			{"bad cursor on the live stream", "GET", n + "/events?after=x", "", 422, "query.after"},
			{"NUL in a tag filter", "GET", "/api/v1/incidents?tag=region%00eu1", "", 422, "query.tag"},
			{"unknown incident", "GET", "/api/v1/incidents/999999", "", 404, "path.number"},
			{"update to an unknown incident", "POST", "/api/v1/incidents/999999/updates", `{"body":"x","audience":"public"}`, 404, "path.number"},
			{"bad audience", "POST", n + "/updates", `{"body":"We are investigating","audience":"everyone"}`, 422, "body.audience"},
			{"empty update", "POST", n + "/updates", `{"body":"","audience":"public"}`, 422, "body.body"},
			{"NUL in a message", "POST", n + "/messages", `{"body":"cp-3\u0000"}`, 422, "body.body"},
			{"bad workstream status", "POST", n + "/workstreams", `{"name":"certificates","status":"sleeping"}`, 422, "body.status"},
			{"bad workstream status change", "PATCH", w, `{"status":"sleeping"}`, 422, "body.status"},
			{"bad status with a workstream update", "POST", w + "/updates", `{"body":"x","status":"sleeping"}`, 422, "body.status"},
			{"bad workstream priority", "POST", n + "/workstreams", `{"name":"certificates","priority":9}`, 422, "body.priority"},
			{"bad workstream priority change", "PATCH", w, `{"priority":0}`, 422, "body.priority"},
			{"link to an unknown incident", "POST", n + "/links", `{"number":999999,"kind":"related"}`, 404, "body.number"},
			{"link to itself", "POST", n + "/links", fmt.Sprintf(`{"number":%d,"kind":"related"}`, open.Number), 422, "body.number"},
			{"merge into a resolved incident", "POST", n + "/links", fmt.Sprintf(`{"number":%d,"kind":"duplicate"}`, done.Number), 409, "body.number"},
			{"bad link kind", "POST", n + "/links", fmt.Sprintf(`{"number":%d,"kind":"cousin"}`, done.Number), 422, "body.kind"},
		}
		for _, c := range badDeclarations {
			c.method, c.path = "POST", "/api/v1/incidents"
			cases = append(cases, c)
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := eventCounts(t, in)
				var body []byte
				if c.body != "" {
					body = []byte(c.body)
				}
				a := call(t, in.URL, apptest.AdminToken, c.method, c.path, body)
				p := a.problem(t)
				if a.Status != c.status {
					t.Errorf("status %d, want %d: %s", a.Status, c.status, a.Body)
				}
				if !slices.Contains(p.locations(), c.location) {
					t.Errorf("problem names %q, want %q: %s", p.locations(), c.location, a.Body)
				}
				if after := eventCounts(t, in); !maps.Equal(before, after) {
					t.Errorf("refused request wrote: events per incident %v before, %v after", before, after)
				}
			})
		}
	})
}

// eventCounts counts the events of every incident: a refused request leaves it as it was.
func eventCounts(t testing.TB, in *apptest.Instance) map[int64]int {
	t.Helper()
	var page struct{ Incidents []client.Incident }
	getJSON(t, in.URL, apptest.AdminToken, "/api/v1/incidents?limit=200", &page)
	out := map[int64]int{}
	for _, inc := range page.Incidents {
		out[inc.Number] = len(timeline(t, in.Admin, inc.Number))
	}
	return out
}
