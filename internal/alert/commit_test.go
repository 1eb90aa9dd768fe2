package alert_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"sitrep/internal/alert"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// nodes is n distinct firing alerts in region, named after tag.
func nodes(region, tag string, n int) []alert.Alert {
	out := make([]alert.Alert, n)
	for i := range out {
		out[i] = firing(region, fmt.Sprintf("%s-%d", tag, i))
	}
	return out
}

// Eight senders post at once, each its own number of alerts, twice: every
// sender hears about its own batch only, whichever transaction carried it.
func TestConcurrentIngestsGetTheirOwnResults(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := newIntake(t, d)
		in.alerts.StormThreshold = 1000
		for round, wantNew := range []int{1, 0} {
			var wg sync.WaitGroup
			res := make([]alert.Result, 8)
			errs := make([]error, 8)
			for w := range 8 {
				wg.Go(func() {
					res[w], errs[w] = in.alerts.Ingest(context.Background(), in.admin, nodes("eu1", fmt.Sprint("s", w), w+1))
				})
			}
			wg.Wait()
			for w := range 8 {
				if errs[w] != nil || res[w].Accepted != w+1 || res[w].New != wantNew*(w+1) || res[w].Storm {
					t.Errorf("round %d, sender %d (%d alerts): %+v, %v", round, w, w+1, res[w], errs[w])
				}
			}
		}
		if n := in.count(t, `SELECT COUNT(*) FROM alerts`); n != 36 {
			t.Errorf("%d alerts stored, want 36", n)
		}
		if n := in.count(t, `SELECT firing FROM alert_groups`); n != 36 {
			t.Errorf("the group counts %d firing, want 36", n)
		}
		if n := in.pages(t, "triggered"); n != 1 {
			t.Errorf("%d pages, want 1 for the one group", n)
		}
	})
}

// One batch that the database refuses, sharing a commit with two good ones,
// fails alone: the others are stored and answered, and nothing of it is.
func TestAFailingBatchFailsOnlyItself(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := newIntake(t, d)
		poison(t, in.dom.DB)
		bad := nodes("us1", "bad", 3)
		bad[2].Source = "poison"
		res, errs := in.alerts.IngestTogether(context.Background(), in.admin, nodes("eu1", "a", 2), bad, nodes("eu1", "b", 4))
		if errs[1] == nil {
			t.Errorf("the poisoned batch was accepted: %+v", res[1])
		}
		if errs[0] != nil || res[0].New != 2 || errs[2] != nil || res[2].New != 4 {
			t.Errorf("good batches: %+v %v, %+v %v", res[0], errs[0], res[2], errs[2])
		}
		if n := in.count(t, `SELECT COUNT(*) FROM alerts`); n != 6 {
			t.Errorf("%d alerts stored, want the good batches' 6", n)
		}
		if n := in.count(t, `SELECT COUNT(*) FROM alert_groups WHERE status = 'open'`); n != 1 {
			t.Errorf("%d open groups, want eu1's only", n)
		}
		if n := in.pages(t, "triggered"); n != 1 {
			t.Errorf("%d pages, want eu1's only", n)
		}
	})
}

// Storm mode counts the new alerts of the batches committed before in the
// same transaction, as if each batch had its own.
func TestStormCountsBatchesOfOneCommit(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := newIntake(t, d)
		in.alerts.StormThreshold = 100
		res, errs := in.alerts.IngestTogether(context.Background(), in.admin,
			nodes("eu1", "a", 50), nodes("eu1", "b", 50), nodes("eu1", "c", 50))
		for i, want := range []bool{false, false, true} {
			if errs[i] != nil || res[i].Storm != want || res[i].New != 50 {
				t.Errorf("batch %d: %+v, %v; want storm %v", i, res[i], errs[i], want)
			}
		}
		if n := in.count(t, `SELECT firing FROM alert_groups WHERE storm = 1`); n != 50 {
			t.Errorf("the storm group has %d firing, want the third batch's 50", n)
		}
	})
}

// poison makes the database refuse any alert whose source is "poison", as a
// failing disk or a broken constraint would: after validation, mid-batch.
func poison(t *testing.T, db *store.DB) {
	t.Helper()
	stmts := []string{`CREATE TRIGGER poison BEFORE INSERT ON alerts WHEN NEW.source = 'poison'
		BEGIN SELECT RAISE(ABORT, 'poisoned alert'); END`}
	if db.Dialect == store.Postgres {
		stmts = []string{`CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN IF NEW.source = 'poison' THEN RAISE EXCEPTION 'poisoned alert'; END IF; RETURN NEW; END $$`,
			`CREATE TRIGGER poison BEFORE INSERT ON alerts FOR EACH ROW EXECUTE FUNCTION poison()`}
	}
	for _, q := range stmts {
		if _, err := db.Exec(context.Background(), q); err != nil {
			t.Fatalf("poison: %v", err)
		}
	}
}
