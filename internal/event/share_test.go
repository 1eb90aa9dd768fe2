package event_test

import (
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// Ten thousand people read the eu1 war room. Each new event is read from the
// log once and handed to every reader as the same value: memory grows with
// the events kept, not with events times readers.
func TestReadersShareEachEvent(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		db, log := logOn(t, d)
		ctx := guard(t)
		openIncident(t, db, 1)
		first, err := log.Hub().Subscribe(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		defer first.Close()
		second, err := log.Hub().Subscribe(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		defer second.Close()
		appendN(t, db, log, 1, 3)
		for seq := int64(1); seq <= 3; seq++ {
			a, err := first.Next(ctx)
			if err != nil {
				t.Fatal(err)
			}
			b, err := second.Next(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if a.Seq != seq || b.Seq != seq {
				t.Fatalf("readers got seq %d and %d, want %d", a.Seq, b.Seq, seq)
			}
			if a != b {
				t.Fatalf("event %d was copied for each reader", seq)
			}
		}
		if n := log.Hub().Subscribers(); n != 2 {
			t.Errorf("hub counts %d subscribers, want 2", n)
		}
	})
}
