package httpapi_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

func init() {
	validBodies["edit-state-section"] = `{"body":"EU1 API is down","base_revision":0}`
	validBodies["create-brief-link"] = `{"audience":"support"}`
}

// warRoom is an incident with Laura commanding, Omar as communications lead
// and Priya working it; Vera only reads.
type warRoom struct {
	in                       *apptest.Instance
	laura, omar, priya, vera *client.Client
	number                   int64
}

func newWarRoom(t *testing.T, d store.Dialect) *warRoom {
	t.Helper()
	in := apptest.Start(t, d)
	ctx := context.Background()
	w := &warRoom{in: in, laura: in.User(t, "laura", "responder"), omar: in.User(t, "omar", "responder"),
		priya: in.User(t, "priya", "responder"), vera: in.User(t, "vera", "viewer")}
	inc := must(w.laura.Declare(ctx, client.Declaration{Title: "EU1 control plane down", Severity: "SEV-1", Commander: "laura"}))(t)
	w.number = inc.Number
	must(w.laura.Join(ctx, w.number, "omar"))(t)
	must(w.laura.Join(ctx, w.number, "priya"))(t)
	must(w.laura.AssignRole(ctx, w.number, "comms-lead", "omar"))(t)
	return w
}

func apiStatus(err error) int {
	var e *client.Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

func TestStateDocumentIsWrittenByCommandAndReadByEveryone(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWarRoom(t, d)
		ctx := context.Background()
		must(w.laura.EditState(ctx, w.number, "what_we_know", "EU1 API returns **503** since 01:02 UTC", 0))(t)
		must(w.omar.EditState(ctx, w.number, "guidance", "Do **not** restart the parent control planes", 0))(t)
		_, err := w.priya.EditState(ctx, w.number, "theories", "it is DNS", 0)
		if apiStatus(err) != http.StatusForbidden || !strings.Contains(err.Error(), "commander or the communications lead") {
			t.Errorf("priya (responder) edits: %v, want 403 saying who may", err)
		}
		if _, err := w.vera.EditState(ctx, w.number, "theories", "it is DNS", 0); apiStatus(err) != http.StatusForbidden {
			t.Errorf("vera (viewer) edits: %v, want 403", err)
		}
		doc := must(w.vera.StateDoc(ctx, w.number, ""))(t)
		know := doc.Section("what_we_know")
		if know.Revision != 1 || know.Author != "laura" || !strings.Contains(know.HTML, "<strong>503</strong>") {
			t.Errorf("what we know: %+v", know)
		}
		if len(doc.Sections) != 3 || doc.Section("theories").Revision != 0 {
			t.Errorf("sections: %+v", doc.Sections)
		}
		var edited int
		for _, ev := range timeline(t, w.vera, w.number) {
			if ev.Kind == "statedoc.edited" {
				edited++
			}
		}
		if edited != 2 {
			t.Errorf("%d statedoc.edited events, want 2", edited)
		}
		a := call(t, w.in.URL, apptest.AdminToken, "PUT", "/api/v1/incidents/1/state/rumours", []byte(`{"body":"x","base_revision":0}`))
		if a.Status != http.StatusNotFound {
			t.Errorf("unknown section: %d %s", a.Status, a.Body)
		}
		a.problem(t)
	})
}

func TestStaleEditGets409WithTheCurrentRevision(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWarRoom(t, d)
		ctx := context.Background()
		must(w.laura.EditState(ctx, w.number, "theories", "expired certificate", 0))(t)
		must(w.omar.EditState(ctx, w.number, "theories", "expired certificate; DNS ruled out", 1))(t)
		_, err := w.laura.EditState(ctx, w.number, "theories", "expired certificate or the Tuesday deploy", 1)
		var e *client.Error
		if !errors.As(err, &e) || e.Status != http.StatusConflict || len(e.Errors) == 0 {
			t.Fatalf("stale edit: %v, want 409 with details", err)
		}
		if e.Errors[0].Location != "body.base_revision" {
			t.Errorf("conflict names %q, want body.base_revision", e.Errors[0].Location)
		}
		cur, _ := e.Errors[0].Value.(map[string]any)
		if cur["revision"] != float64(2) || cur["author"] != "omar" || cur["body"] != "expired certificate; DNS ruled out" {
			t.Errorf("conflict carries %v, want omar's revision 2", e.Errors[0].Value)
		}
		revs, next := must2(w.vera.StateHistory(ctx, w.number, "theories", ""))(t)
		if len(revs) != 2 || revs[0].Revision != 2 || revs[1].Revision != 1 || next != "" {
			t.Errorf("history: %+v next %q", revs, next)
		}
	})
}

func TestWorkstreamSectionFollowsTheLead(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWarRoom(t, d)
		ctx := context.Background()
		ws := must(w.laura.AddWorkstream(ctx, w.number, "eu1-compute", "priya", 1))(t)
		must(w.priya.PostWorkstreamUpdate(ctx, w.number, ws.ID, "draining eu1-a", ""))(t)
		must(w.priya.PostWorkstreamUpdate(ctx, w.number, ws.ID, "eu1-a drained", "blocked"))(t)
		must(w.omar.PostWorkstreamUpdate(ctx, w.number, ws.ID, "customers ask", ""))(t)
		doc := must(w.vera.StateDoc(ctx, w.number, ""))(t)
		if len(doc.Workstreams) != 1 || doc.Workstreams[0].Latest == nil || doc.Workstreams[0].Latest.Body != "eu1-a drained" ||
			doc.Workstreams[0].Status != "blocked" || doc.Workstreams[0].Lead != "priya" {
			t.Errorf("workstream sections: %+v", doc.Workstreams)
		}
	})
}

func must2[A, B any](a A, b B, err error) func(testing.TB) (A, B) {
	return func(t testing.TB) (A, B) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a, b
	}
}
