package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"sitrep/internal/app"
	"sitrep/internal/app/apptest"
	"sitrep/internal/config"
	"sitrep/internal/incident"
	"sitrep/internal/store"
)

// restart opens sitrep on the database of sc, seeds the demo and closes it
// again, as `sitrep serve --demo` followed by Ctrl-C would. It returns whether
// demo data was added and what the instance printed.
func restart(t *testing.T, sc store.Config, check func(*app.App)) (bool, string) {
	t.Helper()
	ctx := context.Background()
	cfg := config.Config{DataDir: sc.DataDir, DB: sc.URL, Listen: "127.0.0.1:8080", ShutdownTimeout: time.Second}
	var out bytes.Buffer
	a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{Stdout: &out})
	if err != nil {
		t.Fatalf("start sitrep: %v", err)
	}
	defer a.Close()
	seeded, err := a.SeedDemo(ctx, &out)
	if err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	if check != nil {
		check(a)
	}
	return seeded, out.String()
}

func TestDemoSeedsOnceOnAnEmptyDatabase(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		sc := apptest.DBConfig(t, d)
		ctx := context.Background()
		seeded, out := restart(t, sc, func(a *app.App) {
			got, err := a.Incidents.Get(ctx, 1)
			if err != nil {
				t.Fatalf("read demo incident: %v", err)
			}
			if got.Title != "Pod networking down in four regions" || got.Severity != "SEV-1" || got.Status != incident.Identified {
				t.Errorf("demo incident is %q %s %s; want the SEV-1 pod networking outage, identified", got.Title, got.Severity, got.Status)
			}
			holders := map[string]string{}
			for _, r := range got.Roles {
				holders[r.Role] = r.User
			}
			if holders["commander"] != "laura" || holders["comms-lead"] != "sam" {
				t.Errorf("roles %v; want laura commanding and sam on comms", holders)
			}
			if len(got.Children) != 4 {
				t.Errorf("children %v; want one per region (EU1, US1, US3, US5)", got.Children)
			}
			// eu1-compute and us1-compute moved to their regions' children.
			if len(got.Workstreams) != 4 {
				t.Errorf("parent keeps %d workstreams; want 4 after two moved to regional children", len(got.Workstreams))
			}
			for _, audience := range incident.Audiences {
				ups, _, err := a.Incidents.Updates(ctx, 1, incident.UpdateFilter{Audience: audience})
				if err != nil || len(ups) == 0 {
					t.Errorf("no %s update in the demo (err %v)", audience, err)
				}
			}
			eu1, err := a.Incidents.Get(ctx, got.Children[0])
			if err != nil {
				t.Fatalf("read EU1 child: %v", err)
			}
			if len(eu1.Workstreams) != 1 || eu1.Workstreams[0].Name != "eu1-compute" || eu1.Workstreams[0].Lead != "laurent" {
				t.Errorf("EU1 child workstreams %+v; want eu1-compute led by laurent", eu1.Workstreams)
			}
		})
		if !seeded || !strings.Contains(out, "admin.token") {
			t.Fatalf("first start with --demo: seeded %v, printed %q; want demo data and where the admin token is", seeded, out)
		}

		seeded, out = restart(t, sc, func(a *app.App) {
			incs, _, err := a.Incidents.List(ctx, incident.Filter{Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			if len(incs) != 5 {
				t.Errorf("after a second start with --demo there are %d incidents; want the 5 of the first", len(incs))
			}
		})
		if seeded || !strings.Contains(out, "already has data") {
			t.Errorf("second start with --demo: seeded %v, printed %q; want nothing added and a note saying why", seeded, out)
		}
	})
}

func TestDemoLeavesARealDatabaseAlone(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	in.User(t, "laura", "responder")
	seeded, err := in.App.SeedDemo(context.Background(), io.Discard)
	if err != nil || seeded {
		t.Fatalf("demo on a database with users: seeded %v, err %v; want it left alone", seeded, err)
	}
}
