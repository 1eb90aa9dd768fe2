package event_test

import (
	"errors"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/event"
	"sitrep/internal/store"
)

// A laptop on hotel wifi stops reading the eu1 war room mid-storm. The server
// drops it rather than buffer without bound; when it reconnects from the last
// event it got, it catches up with nothing lost.
func TestSlowReaderIsDroppedAndCatchesUpOnReconnect(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		db, log := logOn(t, d)
		ctx := guard(t)
		openIncident(t, db, 1)
		appendN(t, db, log, 1, 1)

		// The slow reader takes the first event and then stops reading until
		// released.
		started, release := make(chan struct{}), make(chan struct{})
		type result struct {
			seqs []int64
			err  error
		}
		slow := make(chan result, 1)
		go func() {
			var seqs []int64
			err := log.Stream(ctx, 1, 0, func(ev event.Event) error {
				seqs = append(seqs, ev.Seq)
				if len(seqs) == 1 {
					close(started)
					select {
					case <-release:
					case <-ctx.Done():
					}
				}
				return nil
			})
			slow <- result{seqs, err}
		}()
		select {
		case <-started:
		case <-ctx.Done():
			t.Fatal("slow reader never started")
		}

		// A reader that keeps up watches the storm go by. Writing in batches it
		// can hold, and waiting for each, keeps it from lagging itself; once it
		// has seen the last event, every event has been offered to the slow
		// reader too.
		watcher, err := log.Hub().Subscribe(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		defer watcher.Close()
		const batch, batches = event.RingSize / 2, 5
		last := int64(1)
		for range batches {
			appendN(t, db, log, 1, batch)
			last += batch
			for seen := int64(0); seen < last; {
				ev, err := watcher.Next(ctx)
				if err != nil {
					t.Fatalf("the reader that keeps up was dropped: %v (lagged %v)", err, watcher.Lagged())
				}
				seen = ev.Seq
			}
		}
		close(release)
		r := <-slow
		if !errors.Is(r.err, event.ErrLagged) {
			t.Fatalf("slow reader ended with %v after %d events, want ErrLagged", r.err, len(r.seqs))
		}
		n := int64(len(r.seqs))
		if n >= last {
			t.Fatalf("slow reader got all %d events; it should have been dropped", n)
		}
		wantRun(t, r.seqs, 1, n)

		// Reconnecting with Last-Event-ID = the last seq it got.
		rest, err := collect(ctx, log, 1, r.seqs[n-1], last, nil)
		if err != nil {
			t.Fatal(err)
		}
		wantRun(t, rest, n+1, last)
	})
}
