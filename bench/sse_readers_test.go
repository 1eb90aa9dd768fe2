package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// BenchmarkSSEReaders opens SITREP_BENCH_SSE_READERS (default 10,000) live
// streams of one incident on a sitrep process built from cmd/sitrep, posts
// SITREP_BENCH_SSE_UPDATES (default 20) updates one after another, and
// measures the time from sending each POST to each reader receiving the
// update, and what each reader costs the server: its resident set and its
// Go heap and stacks (from /metrics), before and after the readers connected.
//
// SITREP_BENCH_SSE_STREAM=war-room reads the war room's live regions
// (/incidents/{n}/live, what browsers on the incident page hold) instead of
// the API's event stream; an update counts as received with its timeline
// region.
//
//	SITREP_BENCH_SSE_READERS=200 go test -run '^$' -bench SSEReaders -benchtime 1x ./bench/
func BenchmarkSSEReaders(b *testing.B) {
	readers := envInt(b, "SITREP_BENCH_SSE_READERS", 10000)
	updates := envInt(b, "SITREP_BENCH_SSE_UPDATES", 20)
	stream := envStr("SITREP_BENCH_SSE_STREAM", "api")
	raiseFileLimit(b, readers)
	bin := buildSitrep(b)
	// The server collects garbage eagerly, so that its heap is what the
	// readers hold rather than garbage awaiting collection.
	b.Setenv("GOGC", envStr("SITREP_BENCH_SSE_GOGC", "10"))
	for range b.N {
		r := sseReadersOnce(b, bin, stream, readers, updates)
		fmt.Printf("sse %s: %d readers, %d updates: delivery p50 %.1f ms p99 %.1f ms max %.1f ms; per reader %.1f KiB RSS, %.1f KiB Go heap+stack; %d goroutines for %d readers; %d dropped, %d missed\n",
			stream, readers, updates, ms(r.p50), ms(r.p99), ms(r.max), r.rssPer/1024, r.goPer/1024, r.goroutines, readers, r.dropped, r.missed)
		b.ReportMetric(ms(r.p50), "p50-ms")
		b.ReportMetric(ms(r.p99), "p99-ms")
		b.ReportMetric(r.rssPer/1024, "rss-KiB/reader")
		b.ReportMetric(r.goPer/1024, "heap+stack-KiB/reader")
		b.ReportMetric(float64(r.dropped+r.missed), "errors")
	}
}

type sseRun struct {
	p50, p99, max   time.Duration
	rssPer, goPer   float64
	goroutines      int64
	dropped, missed int64
}

func envStr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func envInt(tb testing.TB, name string, def int) int {
	tb.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		tb.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

// raiseFileLimit lets this process and the server it starts (which inherits
// the limit) hold a socket per reader.
func raiseFileLimit(tb testing.TB, readers int) {
	tb.Helper()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		tb.Fatal(err)
	}
	lim.Cur = lim.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		tb.Fatal(err)
	}
	if need := uint64(readers) + 512; lim.Cur < need {
		tb.Fatalf("RLIMIT_NOFILE is %d; %d readers need %d (raise the hard limit)", lim.Cur, readers, need)
	}
}

func sseReadersOnce(tb testing.TB, bin, stream string, readers, updates int) sseRun {
	srv := startServer(tb, bin)
	var inc struct {
		Number int64 `json:"number"`
	}
	srv.post(tb, "/api/v1/incidents", map[string]string{"title": "EU1 control plane down", "severity": "SEV-1"}, &inc)
	var tl struct {
		Events []struct {
			Seq int64 `json:"seq"`
		} `json:"events"`
	}
	srv.get(tb, fmt.Sprintf("/api/v1/incidents/%d/timeline", inc.Number), &tl)
	after := tl.Events[len(tl.Events)-1].Seq

	// Warm up: the first streams start the incident's topic and fill the
	// server's caches and pools, which later readers share.
	warm(tb, srv, inc.Number, after)
	rss0, _ := srv.memory(tb)
	go0 := srv.goMemory(tb)

	// sent[k] is when the POST of update k was sent; got[k] counts the
	// readers that received it, and lat collects their latencies.
	sent := make([]atomic.Int64, updates)
	got := make([]atomic.Int64, updates)
	lat := make([][]time.Duration, updates)
	var latMu sync.Mutex
	var dropped atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path, received := fmt.Sprintf("/api/v1/incidents/%d/events?after=%d", inc.Number, after), "event: update.posted"
	if stream == "war-room" {
		path, received = fmt.Sprintf("/incidents/%d/live?since=%d", inc.Number, after), "event: region-timeline"
	}
	req := fmt.Sprintf("GET %s HTTP/1.1\r\nHost: sitrep\r\nAuthorization: Bearer %s\r\nAccept: text/event-stream\r\n\r\n", path, srv.token)
	addr := strings.TrimPrefix(srv.url, "http://")
	var ready sync.WaitGroup
	ready.Add(readers)
	dials := make(chan struct{}, 64) // bounded dialing keeps the accept queue from overflowing
	var conns sync.WaitGroup
	for range readers {
		conns.Go(func() {
			dials <- struct{}{}
			conn, err := dialRetry(ctx, addr)
			<-dials
			if err != nil {
				dropped.Add(1)
				ready.Done()
				return
			}
			defer conn.Close()
			go func() { <-ctx.Done(); conn.Close() }()
			if _, err := conn.Write([]byte(req)); err != nil {
				dropped.Add(1)
				ready.Done()
				return
			}
			readSSE(conn, &ready, []byte(received), func(k int) {
				if k >= updates {
					return
				}
				d := time.Since(time.Unix(0, sent[k].Load()))
				latMu.Lock()
				lat[k] = append(lat[k], d)
				latMu.Unlock()
				got[k].Add(1)
			}, func() { dropped.Add(1) })
		})
	}
	ready.Wait()
	// Let the server settle (the Go runtime frees dialing garbage) before
	// reading what the readers cost it.
	time.Sleep(2 * time.Second)
	rss1, _ := srv.memory(tb)
	go1 := srv.goMemory(tb)

	missed := int64(0)
	for k := range updates {
		sent[k].Store(time.Now().UnixNano())
		srv.post(tb, fmt.Sprintf("/api/v1/incidents/%d/updates", inc.Number), map[string]string{"audience": "responders", "body": fmt.Sprintf("update %d of %d", k+1, updates)}, nil)
		deadline := time.Now().Add(30 * time.Second)
		for got[k].Load()+dropped.Load() < int64(readers) && time.Now().Before(deadline) {
			time.Sleep(2 * time.Millisecond)
		}
		missed += int64(readers) - got[k].Load() - dropped.Load()
	}
	cancel()
	conns.Wait()

	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	r := sseRun{dropped: dropped.Load(), missed: max(missed, 0)}
	if len(all) > 0 {
		r.p50, r.p99, r.max = all[len(all)/2], all[len(all)*99/100], all[len(all)-1]
	}
	r.rssPer = float64(rss1-rss0) / float64(readers)
	r.goPer = float64(go1.heap+go1.stack-go0.heap-go0.stack) / float64(readers)
	r.goroutines = go1.goroutines - go0.goroutines
	return r
}

// warm opens a few streams and closes them again.
func warm(tb testing.TB, srv *server, number, after int64) {
	tb.Helper()
	for range 20 {
		req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/incidents/%d/events?after=%d", srv.url, number, after), nil)
		req.Header.Set("Authorization", "Bearer "+srv.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			tb.Fatalf("warm-up stream: %v", err)
		}
		line, _ := bufio.NewReader(resp.Body).ReadString('\n')
		if !strings.HasPrefix(line, "retry:") {
			tb.Fatalf("warm-up stream: %d %q", resp.StatusCode, line)
		}
		resp.Body.Close()
	}
	time.Sleep(time.Second)
}

func dialRetry(ctx context.Context, addr string) (net.Conn, error) {
	var err error
	for range 20 {
		var c net.Conn
		if c, err = (&net.Dialer{}).DialContext(ctx, "tcp", addr); err == nil {
			return c, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return nil, err
}

// readSSE reads one stream: ready is marked done at the "retry:" line that
// opens it, got is called with k for the k-th line that starts with received
// (from 0), and dropped when the server asks the reader to reconnect.
func readSSE(conn net.Conn, ready *sync.WaitGroup, received []byte, got func(k int), dropped func()) {
	br := bufio.NewReaderSize(conn, 1024)
	opened, k := false, 0
	defer func() {
		if !opened {
			ready.Done()
		}
	}()
	for {
		line, err := br.ReadSlice('\n')
		if err != nil && err != bufio.ErrBufferFull {
			return
		}
		switch {
		case !opened && bytes.HasPrefix(line, []byte("retry:")):
			opened = true
			ready.Done()
		case bytes.HasPrefix(line, received):
			got(k)
			k++
		case bytes.HasPrefix(line, []byte("event: reconnect")):
			dropped()
			return
		}
	}
}

func (s *server) post(tb testing.TB, path string, body, out any) {
	tb.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, s.url+path, bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		tb.Fatalf("POST %s: %d", path, resp.StatusCode)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			tb.Fatalf("POST %s: %v", path, err)
		}
	}
}

type goMem struct{ heap, stack, goroutines int64 }

// goMemory reads the server's Go heap and stacks in use from /metrics.
func (s *server) goMemory(tb testing.TB) goMem {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.url+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+s.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("GET /metrics: %v", err)
	}
	defer resp.Body.Close()
	var m goMem
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			continue
		}
		switch name {
		case "go_memstats_heap_inuse_bytes":
			m.heap = int64(v)
		case "go_memstats_stack_inuse_bytes":
			m.stack = int64(v)
		case "go_goroutines":
			m.goroutines = int64(v)
		}
	}
	return m
}
