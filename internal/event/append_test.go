package event_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// Writers to the eu1 and us1 incidents run at once; each incident's events
// are numbered 1, 2, 3 ... with no gap and no repeat, and a rolled-back write
// neither takes a number nor reaches a live reader.
func TestAppendNumbersEachIncidentWithoutGaps(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		db, log := logOn(t, d)
		ctx := context.Background()
		openIncident(t, db, 1)
		openIncident(t, db, 2)
		sub, err := log.Hub().Subscribe(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		defer sub.Close()

		errRefused := errors.New("refused")
		err = db.Tx(ctx, func(tx *store.Tx) error {
			if _, err := log.Append(ctx, tx, 1, 0, night, "incident.retitled", map[string]string{"title": "never"}); err != nil {
				return err
			}
			return errRefused
		})
		if !errors.Is(err, errRefused) {
			t.Fatalf("rolled back append: %v", err)
		}

		const writers, each = 6, 10
		var wg sync.WaitGroup
		for i := range writers {
			wg.Go(func() {
				for range each {
					appendN(t, db, log, int64(1+i%2), 1)
				}
			})
		}
		wg.Wait()
		for _, n := range []int64{1, 2} {
			evs, err := log.After(ctx, n, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) != writers/2*each {
				t.Fatalf("incident %d has %d events, want %d", n, len(evs), writers/2*each)
			}
			for i, ev := range evs {
				if ev.Seq != int64(i+1) || ev.Incident != n || ev.Kind != "message.posted" {
					t.Fatalf("incident %d event %d: %+v", n, i, ev)
				}
			}
		}
		// The live reader of incident 1 sees its events from seq 1: the
		// rolled-back one was never announced.
		ev, err := sub.Next(guard(t))
		if err != nil {
			t.Fatalf("the live reader heard of no event: %v", err)
		}
		if ev.Seq != 1 || ev.Kind != "message.posted" {
			t.Fatalf("first live event %+v, want seq 1 message.posted", ev)
		}
	})
}
