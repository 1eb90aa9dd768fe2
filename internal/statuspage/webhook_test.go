package statuspage_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/incident"
	"sitrep/internal/notify"
	"sitrep/internal/notify/webhook"
	"sitrep/internal/statuspage"
	"sitrep/internal/store"
)

type delivery struct {
	header http.Header
	body   []byte
}

func TestWebhookSubscriberHearsResolutionSigned(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		dm := apptest.NewDomain(t, d, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), apptest.NotifyChannel)
		ctx := context.Background()
		got := make(chan delivery, 16)
		recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			got <- delivery{r.Header.Clone(), b}
		}))
		t.Cleanup(recv.Close)
		svc := statuspage.NewService(dm.DB, dm.Log, dm.Clock, statuspage.Options{Guard: notify.Guard{AllowPrivate: true}, BaseURL: "https://status.example.com"})
		if err := svc.LoadSecret(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := statuspage.NewService(dm.DB, dm.Log, dm.Clock, statuspage.Options{}).CreateWebhookSubscriber(ctx, dm.Admin, recv.URL); err == nil ||
			!strings.Contains(err.Error(), "url") {
			t.Errorf("a loopback URL passed the strict guard: %v", err)
		}
		sub, err := svc.CreateWebhookSubscriber(ctx, dm.Admin, recv.URL)
		if err != nil || !strings.HasPrefix(sub.Secret, "whsec_") {
			t.Fatalf("add webhook: %+v %v", sub, err)
		}
		incs := incident.NewService(dm.DB, dm.Log, dm.Clock)
		quiet, err := incs.Declare(ctx, dm.Admin, incident.Declaration{Title: "Rotating credentials", Severity: "SEV-4"})
		if err != nil {
			t.Fatal(err)
		}
		inc, err := incs.Declare(ctx, dm.Admin, incident.Declaration{Title: "Search down", Severity: "SEV-2"})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range [][2]string{{"public", "Search returns errors."}, {"responders", "INTERNAL: index shard 7 is corrupt"}} {
			if _, err := incs.PostUpdate(ctx, dm.Admin, inc.Number, u[0], u[1]); err != nil {
				t.Fatal(err)
			}
		}
		resolved := incident.Resolved
		for _, n := range []int64{quiet.Number, inc.Number} {
			if _, err := incs.Update(ctx, dm.Admin, n, incident.Patch{Status: &resolved}); err != nil {
				t.Fatal(err)
			}
		}
		for svc.Tick(ctx) > 0 {
		}
		close(got)
		var kinds []string
		for dl := range got {
			err := webhook.Verify([]byte(sub.Secret), dl.header.Get(webhook.HeaderTimestamp), dl.header.Get(webhook.HeaderSignature), dl.body, dm.Clock.Now(), time.Minute)
			if err != nil {
				t.Errorf("delivery is not signed with the subscriber's secret: %v", err)
			}
			var pl webhook.Payload
			if err := json.Unmarshal(dl.body, &pl); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(dl.body), "INTERNAL") || strings.Contains(string(dl.body), "credentials") {
				t.Errorf("webhook carries what was not public: %s", dl.body)
			}
			kinds = append(kinds, pl.Kind+" "+pl.Subject)
		}
		want := []string{"incident.published Incident: Search down", "incident.resolved Resolved: Search down"}
		if strings.Join(kinds, "|") != strings.Join(want, "|") {
			t.Errorf("deliveries %q, want %q", kinds, want)
		}
	})
}

func TestSubscribersHearOfMaintenanceThreeTimes(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		dm := apptest.NewDomain(t, d, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), apptest.NotifyChannel)
		ctx := context.Background()
		got := make(chan string, 16)
		recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got <- r.Header.Get(webhook.HeaderKind) }))
		t.Cleanup(recv.Close)
		svc := statuspage.NewService(dm.DB, dm.Log, dm.Clock, statuspage.Options{Guard: notify.Guard{AllowPrivate: true}})
		if err := svc.LoadSecret(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateWebhookSubscriber(ctx, dm.Admin, recv.URL); err != nil {
			t.Fatal(err)
		}
		title := "Database upgrade"
		starts, ends := dm.Clock.Now().Add(time.Hour), dm.Clock.Now().Add(2*time.Hour)
		if _, err := svc.CreateMaintenance(ctx, dm.Admin, statuspage.MaintenanceChange{Title: &title, StartsAt: &starts, EndsAt: &ends}); err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, step := range []time.Duration{0, time.Hour, time.Hour} {
			dm.Clock.Advance(step)
			for svc.Tick(ctx) > 0 {
			}
			for len(got) > 0 {
				kinds = append(kinds, <-got)
			}
		}
		later := "Network switch replacement"
		starts, ends = dm.Clock.Now().Add(24*time.Hour), dm.Clock.Now().Add(25*time.Hour)
		m, err := svc.CreateMaintenance(ctx, dm.Admin, statuspage.MaintenanceChange{Title: &later, StartsAt: &starts, EndsAt: &ends})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.CancelMaintenance(ctx, dm.Admin, m.ID); err != nil {
			t.Fatal(err)
		}
		dm.Clock.Advance(25 * time.Hour)
		for svc.Tick(ctx) > 0 {
		}
		for len(got) > 0 {
			kinds = append(kinds, <-got)
		}
		if want := "maintenance.scheduled maintenance.started maintenance.ended maintenance.scheduled maintenance.cancelled"; strings.Join(kinds, " ") != want {
			t.Errorf("subscriber heard %q, want %q", kinds, want)
		}
	})
}
