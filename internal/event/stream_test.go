package event_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/event"
	"sitrep/internal/store"
)

var errEnough = errors.New("read enough")

// collect streams incident from after until it has seen seq upto, and returns
// the seqs it was sent in order. started, if not nil, is closed on the first.
func collect(ctx context.Context, log *event.Log, incident, after, upto int64, started chan<- struct{}) ([]int64, error) {
	var seqs []int64
	err := log.Stream(ctx, incident, after, func(ev event.Event) error {
		if len(seqs) == 0 && started != nil {
			close(started)
		}
		seqs = append(seqs, ev.Seq)
		if ev.Seq >= upto {
			return errEnough
		}
		return nil
	})
	if errors.Is(err, errEnough) {
		err = nil
	}
	return seqs, err
}

func wantRun(t *testing.T, seqs []int64, from, to int64) {
	t.Helper()
	if int64(len(seqs)) != to-from+1 {
		t.Fatalf("got %d events, want seq %d to %d", len(seqs), from, to)
	}
	for i, s := range seqs {
		if s != from+int64(i) {
			t.Fatalf("event %d has seq %d, want %d: a gap or a repeat", i, s, from+int64(i))
		}
	}
}

// A war-room screen opens while responders keep posting: it gets the history
// and then every new event, each once and in order, whether it starts from the
// beginning or reconnects from the middle.
func TestStreamBackfillThenLiveWithoutGapOrRepeat(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		db, log := logOn(t, d)
		ctx := guard(t)
		openIncident(t, db, 1)
		const history, writers, each = 40, 4, 50
		appendN(t, db, log, 1, history)
		// Fewer live events than a subscriber buffers, so a reader that is
		// slow only while reading history is never dropped.
		const total = history + writers*each
		if writers*each >= event.RingSize {
			t.Fatal("the test must not depend on lagging")
		}

		go1 := make(chan struct{})
		var readers sync.WaitGroup
		results := make([][]int64, 3)
		errs := make([]error, 3)
		for i, after := range []int64{0, 20, history} {
			started := make(chan struct{})
			readers.Go(func() { results[i], errs[i] = collect(ctx, log, 1, after, total, started) })
			if i == 0 {
				// Writers start once the first reader is inside its backfill,
				// so live events arrive while it is still reading history.
				go func() {
					select {
					case <-started:
						close(go1)
					case <-ctx.Done():
					}
				}()
			}
		}
		var wg sync.WaitGroup
		for range writers {
			wg.Go(func() {
				select {
				case <-go1:
				case <-ctx.Done():
					return
				}
				for range each {
					appendN(t, db, log, 1, 1)
				}
			})
		}
		wg.Wait()
		readers.Wait()
		for i, after := range []int64{0, 20, history} {
			if errs[i] != nil {
				t.Fatalf("stream after %d: %v", after, errs[i])
			}
			wantRun(t, results[i], after+1, total)
		}
	})
}
