package statedoc_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/statedoc"
	"sitrep/internal/store"
)

// Laura and Omar press save at the same moment from the same revision:
// exactly one edit wins, the other is told, and nothing is lost silently.
func TestSimultaneousSavesFromOneRevisionLetExactlyOneWin(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		writers := []auth.Principal{w.laura, w.omar, w.dom.Admin, w.laura, w.omar, w.dom.Admin}
		var wg sync.WaitGroup
		errs := make([]error, len(writers))
		for i, p := range writers {
			wg.Go(func() {
				_, errs[i] = w.doc.Edit(ctx, p, w.number, statedoc.WhatWeKnow, fmt.Sprintf("version %d", i), 0)
			})
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case !problem.Is(err, problem.Conflict):
				t.Errorf("writer %d: %v, want success or a conflict", i, err)
			}
		}
		if won != 1 {
			t.Fatalf("%d saves from revision 0 succeeded, want exactly 1", won)
		}
		revs, _, err := w.doc.History(ctx, w.number, statedoc.WhatWeKnow, 0, 0)
		if err != nil || len(revs) != 1 {
			t.Fatalf("history after the race: %+v, %v", revs, err)
		}
	})
}
