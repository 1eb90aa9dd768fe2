package alert_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"sitrep/internal/alert"
	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/page"
	"sitrep/internal/store"
)

// BenchmarkIngestStorm is the intake path without HTTP, for profiling:
// 8 senders post distinct alerts in batches of 100 on SQLite; one op is one
// batch.
func BenchmarkIngestStorm(b *testing.B) {
	svc, admin := benchService(b)
	ingestConcurrently(b, svc, admin, func(i int) []alert.Alert { return benchBatch(i) })
}

// BenchmarkIngestRepeats is a storm's steady state: Prometheus resends every
// firing alert each evaluation, so most batches repeat stored alerts. 20,000
// alerts are stored first; one op is a batch of 100 repeats.
func BenchmarkIngestRepeats(b *testing.B) {
	svc, admin := benchService(b)
	const stored = 200
	for i := range stored {
		if _, err := svc.Ingest(context.Background(), admin, benchBatch(i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	ingestConcurrently(b, svc, admin, func(i int) []alert.Alert { return benchBatch(i % stored) })
}

func benchService(b *testing.B) (*alert.Service, auth.Principal) {
	dom := apptest.NewDomain(b, store.SQLite, night, "")
	pages := page.NewService(dom.DB, dom.Log, dom.Clock, page.Deps{})
	if err := pages.LoadSecret(context.Background()); err != nil {
		b.Fatal(err)
	}
	dom.User(b, "laura", auth.Responder)
	svc := alert.NewService(dom.DB, pages, dom.Clock)
	svc.DefaultTargets = []page.Target{{Kind: "user", Ref: "laura"}}
	return svc, dom.Admin
}

func benchBatch(i int) []alert.Alert {
	batch := make([]alert.Alert, 100)
	for j := range batch {
		batch[j] = firing(fmt.Sprint("r", j%4), fmt.Sprintf("n-%d-%d", i, j))
	}
	return batch
}

// ingestConcurrently ingests b.N batches from 8 goroutines.
func ingestConcurrently(b *testing.B, svc *alert.Service, admin auth.Principal, next func(i int) []alert.Alert) {
	batches := make(chan []alert.Alert, 64)
	go func() {
		for i := range b.N {
			batches <- next(i)
		}
		close(batches)
	}()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for batch := range batches {
				if _, err := svc.Ingest(context.Background(), admin, batch); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "alerts/s")
}
