package bench

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/incident"
)

// Scale is the size of the incident a benchmark seeds.
type Scale struct {
	Responders  int // on the incident; the first Clients of them hold API tokens
	Workstreams int
	Events      int // timeline length to reach after staffing
	Clients     int // concurrent API clients that write
	LateJoiners int // users not yet on the incident, for join traffic
}

// SEV1 is the incident of issue 2, modelled on 8 March 2023: one SEV-1 with
// 500 responders, 70 workstreams and 20,000 timeline events.
var SEV1 = Scale{Responders: 500, Workstreams: 70, Events: 20000, Clients: 100, LateJoiners: 1000}

// Scenario is a seeded incident and the clients that work on it.
type Scenario struct {
	In          *apptest.Instance
	Number      int64
	Workstreams []int64
	Clients     []*client.Client
	// Late lists users who have not joined yet; join traffic takes them in order.
	Late []string
}

// seed builds the incident through the domain services, as the admin. Going
// around HTTP here keeps seeding to seconds; the measured traffic afterwards
// goes through the API. Events are written by concurrent goroutines so that
// PostgreSQL commits overlap (SQLite queues them on its one writer).
func seed(tb testing.TB, in *apptest.Instance, sc Scale) *Scenario {
	tb.Helper()
	ctx := context.Background()
	start := time.Now()
	a := in.App
	admin, err := a.Auth.User(ctx, auth.BootstrapHandle)
	if err != nil {
		tb.Fatalf("seed: %v", err)
	}
	root := auth.Principal{UserID: admin.ID, Handle: admin.Handle, Role: auth.Admin}
	handle := func(i int) string { return fmt.Sprintf("responder%03d", i) }
	late := make([]string, sc.LateJoiners)
	parallel(tb, sc.Responders+sc.LateJoiners, func(i int) error {
		h := handle(i)
		if i >= sc.Responders {
			h = fmt.Sprintf("late%04d", i-sc.Responders)
			late[i-sc.Responders] = h
		}
		_, err := a.Auth.CreateUser(ctx, root, auth.NewUser{Handle: h, Name: "Responder " + h, Email: h + "@example.com", Role: auth.Responder})
		return err
	})
	inc, err := a.Incidents.Declare(ctx, root, incident.Declaration{Title: "Pod networking down in four regions", Severity: "SEV-1",
		Summary: "systemd-networkd restarted by unattended upgrades dropped pod routes", Tags: []string{"region:us1", "region:eu1", "region:us3", "region:us5"}})
	if err != nil {
		tb.Fatalf("seed: declare: %v", err)
	}
	n := inc.Number
	parallel(tb, sc.Responders, func(i int) error {
		_, err := a.Incidents.Join(ctx, root, n, handle(i))
		return err
	})
	for i, role := range []string{incident.RoleCommander, "comms-lead", "scribe", "roving-troubleshooter"} {
		if _, err := a.Incidents.AssignRole(ctx, root, n, role, handle(i)); err != nil {
			tb.Fatalf("seed: role %s: %v", role, err)
		}
	}
	s := &Scenario{In: in, Number: n, Workstreams: make([]int64, sc.Workstreams), Late: late}
	parallel(tb, sc.Workstreams, func(i int) error {
		name, lead, prio := fmt.Sprintf("workstream-%02d", i), handle(sc.Responders-1-i), 1+i%5
		w, err := a.Incidents.AddWorkstream(ctx, root, n, incident.WorkstreamChange{Name: &name, Lead: &lead, Priority: &prio})
		s.Workstreams[i] = w.ID
		return err
	})
	// Fill the timeline up to sc.Events with the traffic of a long response:
	// mostly channel messages, some workstream reports and audience updates.
	have := lastSeq(tb, in, n)
	parallel(tb, max(0, sc.Events-int(have)), func(i int) error {
		ws := s.Workstreams[i%len(s.Workstreams)]
		var err error
		switch i % 10 {
		case 0:
			_, err = a.Incidents.PostWorkstreamUpdate(ctx, root, n, ws, fmt.Sprintf("status report %d: nodes recovering", i), "")
		case 1:
			_, err = a.Incidents.PostUpdate(ctx, root, n, incident.Audiences[i%len(incident.Audiences)], fmt.Sprintf("update %d: recovery continues", i))
		default:
			_, err = a.Incidents.PostMessage(ctx, root, n, ws, fmt.Sprintf("message %d: restarting parent control plane nodes", i))
		}
		return err
	})
	s.Clients = make([]*client.Client, sc.Clients)
	hc := httpClient(sc.Clients)
	parallel(tb, sc.Clients, func(i int) error {
		_, secret, err := a.Auth.CreateToken(ctx, root, handle(i), "bench", 0)
		s.Clients[i] = client.New(in.URL, secret).WithHTTPClient(hc)
		return err
	})
	line := fmt.Sprintf("seeded incident %d: %d responders, %d workstreams, %d events, %d more users in %s",
		n, sc.Responders, sc.Workstreams, lastSeq(tb, in, n), sc.LateJoiners, time.Since(start).Round(time.Millisecond))
	if _, ok := tb.(*testing.B); ok {
		fmt.Println(line) // benchmarks print what they did; tests only log it
	} else {
		tb.Log(line)
	}
	return s
}

// lastSeq returns the sequence number of the incident's newest event.
func lastSeq(tb testing.TB, in *apptest.Instance, n int64) int64 {
	tb.Helper()
	ctx := context.Background()
	var last int64
	for {
		evs, err := in.App.Incidents.Timeline(ctx, n, last, 1000)
		if err != nil {
			tb.Fatalf("read timeline: %v", err)
		}
		if len(evs) == 0 {
			return last
		}
		last = evs[len(evs)-1].Seq
	}
}

// parallel runs f(0..n-1) on a few goroutines and fails tb on the first error.
func parallel(tb testing.TB, n int, f func(i int) error) {
	tb.Helper()
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	next := make(chan int)
	for range 8 {
		wg.Go(func() {
			for i := range next {
				if err := f(i); err != nil {
					once.Do(func() { first = err })
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	if first != nil {
		tb.Fatalf("seed: %v", first)
	}
}

// httpClient shares one pool of keep-alive connections between all clients,
// sized so that every concurrent client keeps its connection: the default of
// two idle connections per host would make most requests dial anew.
func httpClient(conns int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = conns * 2
	t.MaxIdleConnsPerHost = conns * 2
	return &http.Client{Transport: t, Timeout: 30 * time.Second}
}
