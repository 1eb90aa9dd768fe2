package statedoc_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/incident"
	"sitrep/internal/statedoc"
	"sitrep/internal/store"
)

func ptr[T any](v T) *T { return &v }

func TestWorkstreamSectionShowsTheLeadsLatestUpdate(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		ws, err := w.inc.AddWorkstream(ctx, w.laura, w.number, incident.WorkstreamChange{Name: ptr("eu1-compute"), Lead: ptr("priya"), Priority: ptr(1)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.inc.AddWorkstream(ctx, w.laura, w.number, incident.WorkstreamChange{Name: ptr("certificates"), Priority: ptr(2)}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.inc.PostWorkstreamUpdate(ctx, w.priya, w.number, ws.ID, "draining **eu1-a**", ""); err != nil {
			t.Fatal(err)
		}
		w.dom.Clock.Advance(time.Minute)
		if _, err := w.inc.PostWorkstreamUpdate(ctx, w.priya, w.number, ws.ID, "eu1-a drained; starting eu1-b", "blocked"); err != nil {
			t.Fatal(err)
		}
		w.dom.Clock.Advance(time.Minute)
		// Omar is not the lead: his note is not the workstream's state.
		if _, err := w.inc.PostWorkstreamUpdate(ctx, w.omar, w.number, ws.ID, "customers asking about eu1", ""); err != nil {
			t.Fatal(err)
		}
		doc := w.doc0(t)
		if len(doc.Workstreams) != 2 || doc.Total != 2 {
			t.Fatalf("workstream sections: %+v (total %d)", doc.Workstreams, doc.Total)
		}
		compute, certs := doc.Workstreams[0], doc.Workstreams[1]
		if compute.Name != "eu1-compute" || compute.Lead != "priya" || compute.Status != "blocked" {
			t.Errorf("compute section header: %+v", compute)
		}
		if compute.Latest == nil || compute.Latest.Body != "eu1-a drained; starting eu1-b" || !compute.Latest.CreatedAt.Equal(night.Add(time.Minute)) {
			t.Errorf("compute section shows %+v, want priya's latest update", compute.Latest)
		}
		if certs.Latest != nil || certs.Lead != "" {
			t.Errorf("leaderless workstream shows %+v", certs)
		}
	})
}

func TestSeventyWorkstreamsArePaged(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		for i := range 70 {
			if _, err := w.inc.AddWorkstream(ctx, w.laura, w.number, incident.WorkstreamChange{Name: ptr(fmt.Sprintf("cell-%02d", i)), Priority: ptr(1 + i%5)}); err != nil {
				t.Fatal(err)
			}
		}
		seen := map[string]bool{}
		cursor, pages := "", 0
		for {
			doc, err := w.doc.Get(ctx, w.number, statedoc.Page{Cursor: cursor, Limit: 30})
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for i, s := range doc.Workstreams {
				if seen[s.Name] {
					t.Fatalf("%s on two pages", s.Name)
				}
				seen[s.Name] = true
				if i > 0 && s.Priority < doc.Workstreams[i-1].Priority {
					t.Errorf("page not in priority order at %s", s.Name)
				}
			}
			if cursor = doc.NextCursor; cursor == "" {
				break
			}
		}
		if len(seen) != 70 || pages != 3 {
			t.Errorf("saw %d workstreams on %d pages, want 70 on 3", len(seen), pages)
		}
		if _, err := w.doc.Get(ctx, w.number, statedoc.Page{Cursor: "x.y"}); err == nil || !strings.Contains(err.Error(), "cursor") {
			t.Errorf("bad cursor: %v", err)
		}
	})
}
