package statedoc_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/statedoc"
	"sitrep/internal/store"
)

func TestOnlyCommanderCommsLeadAndAdminsWriteTheDocument(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		base := int64(0)
		for i, writer := range []auth.Principal{w.laura, w.omar, w.dom.Admin} {
			rev, err := w.doc.Edit(ctx, writer, w.number, statedoc.WhatWeKnow, fmt.Sprintf("EU1 API is down (seen by %s)", writer.Handle), base)
			if err != nil {
				t.Fatalf("%s edits: %v", writer.Handle, err)
			}
			if rev.Revision != int64(i+1) || rev.Author != writer.Handle {
				t.Fatalf("%s saved %+v", writer.Handle, rev)
			}
			base = rev.Revision
		}
		for _, reader := range []auth.Principal{w.priya, w.victor} {
			_, err := w.doc.Edit(ctx, reader, w.number, statedoc.WhatWeKnow, "my theory", base)
			if !problem.Is(err, problem.Forbidden) {
				t.Fatalf("%s edits: got %v, want forbidden", reader.Handle, err)
			}
			if !strings.Contains(err.Error(), "commander or the communications lead") {
				t.Errorf("refusal does not say why: %v", err)
			}
		}
		if got := section(w.doc0(t), statedoc.WhatWeKnow); got.Revision != 3 || !strings.Contains(got.Body, "admin") {
			t.Errorf("document after refused edits: %+v", got)
		}
	})
}

func TestConcurrentEditIsRefusedWithTheCurrentRevision(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		if _, err := w.doc.Edit(ctx, w.laura, w.number, statedoc.Theories, "Certificate expiry on the parent control plane", 0); err != nil {
			t.Fatal(err)
		}
		// Both start from revision 1; Omar saves first.
		if _, err := w.doc.Edit(ctx, w.omar, w.number, statedoc.Theories, "Certificate expiry; **ruled out** DNS", 1); err != nil {
			t.Fatal(err)
		}
		w.dom.Clock.Advance(time.Minute)
		_, err := w.doc.Edit(ctx, w.laura, w.number, statedoc.Theories, "Certificates, or the Tuesday deploy", 1)
		p, ok := problem.As(err)
		if !ok || p.Kind != problem.Conflict || p.Field != "base_revision" {
			t.Fatalf("stale edit: got %v, want a conflict on base_revision", err)
		}
		cur, ok := p.Value.(statedoc.SectionRevision)
		if !ok || cur.Revision != 2 || cur.Author != "omar" || !strings.Contains(string(cur.HTML), "<strong>ruled out</strong>") {
			t.Fatalf("conflict carries %#v, want omar's revision 2", p.Value)
		}
		if got := section(w.doc0(t), statedoc.Theories); got.Revision != 2 || got.Author != "omar" {
			t.Errorf("the stale edit overwrote omar's: %+v", got)
		}
		// Laura merges and saves on top of revision 2.
		if _, err := w.doc.Edit(ctx, w.laura, w.number, statedoc.Theories, "Certificates (DNS ruled out), or the Tuesday deploy", 2); err != nil {
			t.Fatalf("merged edit: %v", err)
		}
	})
}

func TestEditWritesTimelineEventAndHistoryIsNewestFirst(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		for i := range 5 {
			w.dom.Clock.Advance(time.Minute)
			if _, err := w.doc.Edit(ctx, w.omar, w.number, statedoc.Guidance, fmt.Sprintf("step %d: do not restart the EU1 masters", i+1), int64(i)); err != nil {
				t.Fatal(err)
			}
		}
		evs, err := w.dom.Log.After(ctx, w.number, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		edits := 0
		for _, ev := range evs {
			if ev.Kind == statedoc.EditedEvent {
				edits++
			}
		}
		if edits != 5 {
			t.Errorf("%d %s events, want 5", edits, statedoc.EditedEvent)
		}
		page1, next, err := w.doc.History(ctx, w.number, statedoc.Guidance, 0, 3)
		if err != nil {
			t.Fatal(err)
		}
		page2, end, err := w.doc.History(ctx, w.number, statedoc.Guidance, next, 3)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, r := range append(page1, page2...) {
			got = append(got, r.Revision)
		}
		if fmt.Sprint(got) != "[5 4 3 2 1]" || end != 0 {
			t.Errorf("history revisions %v (end cursor %d), want [5 4 3 2 1] and 0", got, end)
		}
		if !page1[0].CreatedAt.After(page1[1].CreatedAt) {
			t.Errorf("history times not newest first: %v, %v", page1[0].CreatedAt, page1[1].CreatedAt)
		}
	})
}

func TestBadEditsAreRefusedWithoutWriting(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		before := w.doc0(t).Seq
		cases := []struct {
			number  int64
			section string
			body    string
			base    int64
			kind    problem.Kind
		}{
			{w.number, "rumours", "x", 0, problem.NotFound},
			{w.number + 100, statedoc.WhatWeKnow, "x", 0, problem.NotFound},
			{w.number, statedoc.WhatWeKnow, strings.Repeat("x", statedoc.MaxBody+1), 0, problem.Invalid},
			{w.number, statedoc.WhatWeKnow, "\xff\xfe", 0, problem.Invalid},
			{w.number, statedoc.WhatWeKnow, "null\x00byte", 0, problem.Invalid},
			{w.number, statedoc.WhatWeKnow, "x", -1, problem.Invalid},
			{w.number, statedoc.WhatWeKnow, "x", 7, problem.Conflict},
		}
		for _, c := range cases {
			_, err := w.doc.Edit(ctx, w.laura, c.number, c.section, c.body, c.base)
			if !problem.Is(err, c.kind) {
				t.Errorf("edit %d/%s base %d: got %v, want kind %d", c.number, c.section, c.base, err, c.kind)
			}
		}
		if after := w.doc0(t).Seq; after != before {
			t.Errorf("refused edits wrote events: seq %d -> %d", before, after)
		}
	})
}
