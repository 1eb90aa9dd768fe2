package httpapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/httpapi"
	"sitrep/internal/store"
)

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

// fill substitutes path parameters: numbers and ids with 1, anything else with value.
func fill(path string, values map[string]string) string {
	return pathParam.ReplaceAllStringFunc(path, func(p string) string {
		name := strings.Trim(p, "{}")
		if v, ok := values[name]; ok {
			return v
		}
		if name == "number" || name == "id" {
			return "1"
		}
		return "x"
	})
}

// served reads the OpenAPI document the server publishes: method and path of
// every operation.
func served(t testing.TB, in *apptest.Instance) [][2]string {
	t.Helper()
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	getJSON(t, in.URL, apptest.AdminToken, "/api/v1/openapi.json", &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("OpenAPI %q, want 3.1", doc.OpenAPI)
	}
	var ops [][2]string
	for path, item := range doc.Paths {
		for method := range item {
			if m := strings.ToUpper(method); slices.Contains([]string{"GET", "POST", "PUT", "PATCH", "DELETE"}, m) {
				ops = append(ops, [2]string{m, path})
			}
		}
	}
	// The walk below proves nothing if the document came back empty.
	if len(ops) < 25 {
		t.Fatalf("the OpenAPI document lists %d operations; expected the whole API", len(ops))
	}
	return ops
}

// Only the health probes answer strangers; every route in the served OpenAPI
// document, the document itself, the metrics and unknown paths answer 401.
func TestEveryRouteButHealthNeedsCredentials(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ops := served(t, in)
		ops = append(ops, [2]string{"GET", "/metrics"}, [2]string{"GET", "/api/v1/openapi.json"},
			[2]string{"GET", "/api/v1/openapi.yaml"}, [2]string{"GET", "/api/v1/no-such-route"})
		basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("laura\x00:correct horse battery"))
		for _, op := range ops {
			path := fill(op[1], nil)
			for _, cred := range [][]string{nil, {"Authorization", "Bearer sitrep_not_a_token_of_ours_000000"}, {"Authorization", basic}} {
				a := call(t, in.URL, "", op[0], path, nil, cred...)
				if a.Status != http.StatusUnauthorized {
					t.Errorf("%s %s with %q: %d, want 401: %s", op[0], path, cred, a.Status, a.Body)
					continue
				}
				a.problem(t)
				if a.Header.Get("WWW-Authenticate") == "" {
					t.Errorf("%s %s: 401 without WWW-Authenticate", op[0], path)
				}
			}
		}
		for _, path := range []string{"/healthz", "/readyz"} {
			if a := call(t, in.URL, "", "GET", path, nil); a.Status != http.StatusOK {
				t.Errorf("GET %s without credentials: %d, want 200: %s", path, a.Status, a.Body)
			}
		}
	})
}

// A token stops working the moment it is revoked.
func TestRevokedTokenIsRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		in.User(t, "laura", "responder")
		tok := must(in.Admin.CreateToken(context.Background(), "laura", "laptop left in a taxi"))(t)
		if a := call(t, in.URL, tok.Secret, "GET", "/api/v1/incidents", nil); a.Status != http.StatusOK {
			t.Fatalf("fresh token: %d %s", a.Status, a.Body)
		}
		if a := call(t, in.URL, apptest.AdminToken, "DELETE", fmt.Sprintf("/api/v1/tokens/%d", tok.ID), nil); a.Status != http.StatusNoContent {
			t.Fatalf("revoke: %d %s", a.Status, a.Body)
		}
		a := call(t, in.URL, tok.Secret, "GET", "/api/v1/incidents", nil)
		if a.Status != http.StatusUnauthorized {
			t.Fatalf("revoked token: %d, want 401: %s", a.Status, a.Body)
		}
		a.problem(t)
	})
}

// validBodies holds a well-formed body for every write, so that a refusal
// comes from the role check and not from validation.
var validBodies = map[string]string{
	"declare-incident":       `{"title":"Alerting down","severity":"SEV-2"}`,
	"update-incident":        `{"title":"Alerting down everywhere"}`,
	"set-milestone":          `{"at":"2024-01-01T00:00:00Z","reason":"paged late"}`,
	"join-incident":          `{}`,
	"assign-role":            `{"user":"laura"}`,
	"create-role":            `{"slug":"customer-liaison","name":"Customer liaison","description":"talks to key accounts"}`,
	"add-workstream":         `{"name":"certificates"}`,
	"change-workstream":      `{"priority":2}`,
	"post-workstream-update": `{"body":"renewing"}`,
	"post-update":            `{"body":"We are investigating","audience":"public"}`,
	"post-message":           `{"body":"on it"}`,
	"split-incident":         `{"title":"EU1"}`,
	"link-incident":          `{"number":2,"kind":"related"}`,
	"create-user":            `{"handle":"mallory","name":"Mallory","email":"mallory@example.com","role":"admin"}`,
}

// A viewer reads but cannot write, and a responder cannot do what only an
// admin may; the walk covers every write in the route table.
func TestRolesAreCheckedOnEveryWrite(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := context.Background()
		laura := in.User(t, "laura", "responder")
		vera := in.User(t, "vera", "viewer")
		inc := must(laura.Declare(ctx, client.Declaration{Title: "Alerting down in all regions", Severity: "SEV-1"}))(t)
		must(laura.AddWorkstream(ctx, inc.Number, "eu1-compute", "laura", 1))(t)
		must(laura.Declare(ctx, client.Declaration{Title: "Status page slow", Severity: "SEV-3"}))(t)
		veraToken := token(t, in, "vera")
		lauraToken := token(t, in, "laura")
		if _, err := vera.Incident(ctx, inc.Number); err != nil {
			t.Fatalf("a viewer reads: %v", err)
		}

		walked := 0
		for _, w := range routeWrites(in) {
			var callers []string
			switch w.needs {
			case auth.Responder:
				callers = []string{veraToken}
			case auth.Admin:
				callers = []string{veraToken, lauraToken}
			default:
				continue
			}
			body, ok := validBodies[w.op.OperationID]
			if !ok && w.method != "DELETE" {
				t.Errorf("no valid body for %s (%s %s); add one to validBodies", w.op.OperationID, w.method, w.path)
				continue
			}
			url := fill(w.path, map[string]string{"kind": "resolved", "role": "scribe", "user": "laura", "handle": "laura"})
			for _, tok := range callers {
				before := eventCounts(t, in)
				var b []byte
				if body != "" {
					b = []byte(body)
				}
				a := call(t, in.URL, tok, w.method, url, b)
				if a.Status != http.StatusForbidden {
					t.Errorf("%s %s by a %s: %d, want 403: %s", w.method, url, roleOf(tok, veraToken), a.Status, a.Body)
					continue
				}
				a.problem(t)
				if after := eventCounts(t, in); !maps.Equal(before, after) {
					t.Errorf("%s %s was refused but wrote: %v, then %v", w.method, url, before, after)
				}
				walked++
			}
		}
		if walked < 15 {
			t.Fatalf("walked %d refused writes; expected every write of the API", walked)
		}
	})
}

// token creates an API token for handle.
func token(t testing.TB, in *apptest.Instance, handle string) string {
	t.Helper()
	return must(in.Admin.CreateToken(context.Background(), handle, "test"))(t).Secret
}

func roleOf(tok, viewer string) string {
	if tok == viewer {
		return "viewer"
	}
	return "responder"
}

// routeWrite is a write in the route table and the role it needs.
type routeWrite struct {
	method, path string
	op           *huma.Operation
	needs        auth.Role
}

// routeWrites lists every write the server registered, from the route table
// itself, so that a new route is walked without editing this test.
func routeWrites(in *apptest.Instance) []routeWrite {
	var out []routeWrite
	for path, item := range in.App.Handler().(*httpapi.Server).API().OpenAPI().Paths {
		for method, op := range map[string]*huma.Operation{"POST": item.Post, "PUT": item.Put, "PATCH": item.Patch, "DELETE": item.Delete} {
			if op != nil {
				needs, _ := op.Metadata["role"].(auth.Role)
				out = append(out, routeWrite{method: method, path: path, op: op, needs: needs})
			}
		}
	}
	return out
}
