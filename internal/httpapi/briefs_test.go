package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

func TestSupportBriefHoldsOnlySupportUpdates(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWarRoom(t, d)
		ctx := context.Background()
		must(w.omar.PostUpdate(ctx, w.number, "support", "SUPPORT-1 EU1 customers see errors"))(t)
		must(w.omar.PostUpdate(ctx, w.number, "responders", "RESPONDERS-1 restart the parent control planes"))(t)
		must(w.omar.PostUpdate(ctx, w.number, "executives", "EXEC-1 30% of EU revenue"))(t)
		must(w.omar.PostUpdate(ctx, w.number, "support", "SUPPORT-2 recovery under way"))(t)
		b := must(w.vera.Brief(ctx, w.number, "support", 0))(t)
		if len(b.Updates) != 2 || b.Updates[0].Body != "SUPPORT-2 recovery under way" || b.Updates[1].Body != "SUPPORT-1 EU1 customers see errors" {
			t.Errorf("support brief: %+v", b.Updates)
		}
		if b.Header.Commander != "laura" || b.Header.Severity != "SEV-1" {
			t.Errorf("brief header: %+v", b.Header)
		}
		a := call(t, w.in.URL, apptest.AdminToken, "GET", "/api/v1/incidents/1/briefs/responders", nil)
		if a.Status != http.StatusNotFound {
			t.Errorf("responders brief: %d %s", a.Status, a.Body)
		}
	})
}

func TestBriefLinkOpensWithoutAccountUntilRevoked(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWarRoom(t, d)
		ctx := context.Background()
		must(w.omar.PostUpdate(ctx, w.number, "executives", "EXEC-1 about 30% of EU revenue is affected"))(t)
		must(w.omar.PostUpdate(ctx, w.number, "responders", "RESPONDERS-1 restarting eu1 masters"))(t)
		if _, err := w.priya.CreateBriefLink(ctx, w.number, "executives", ""); apiStatus(err) != http.StatusForbidden {
			t.Errorf("priya hands out a link: %v, want 403", err)
		}
		if _, err := w.omar.CreateBriefLink(ctx, w.number, "executives", "90d"); apiStatus(err) != http.StatusUnprocessableEntity {
			t.Errorf("90-day link: %v, want 422", err)
		}
		l := must(w.omar.CreateBriefLink(ctx, w.number, "executives", ""))(t)
		if !strings.HasPrefix(l.Path, "/brief/") || l.Token == "" {
			t.Fatalf("link: %+v", l)
		}
		page := call(t, w.in.URL, "", "GET", l.Path, nil, "Accept", "text/html")
		if page.Status != http.StatusOK || !strings.Contains(string(page.Body), "EXEC-1") || strings.Contains(string(page.Body), "RESPONDERS-1") {
			t.Fatalf("brief page without an account: %d %s", page.Status, page.Body)
		}
		if strings.Contains(string(page.Body), `href="/incidents`) {
			t.Errorf("public brief links into the war room: %s", page.Body)
		}
		links := must(w.laura.BriefLinks(ctx, w.number))(t)
		if len(links) != 1 || links[0].Token != "" {
			t.Errorf("listed links: %+v", links)
		}
		if err := w.laura.RevokeBriefLink(ctx, w.number, l.ID); err != nil {
			t.Fatal(err)
		}
		gone := call(t, w.in.URL, "", "GET", l.Path, nil, "Accept", "text/html")
		if gone.Status != http.StatusNotFound || strings.Contains(string(gone.Body), "revoked") || strings.Contains(string(gone.Body), "EXEC-1") {
			t.Errorf("revoked link: %d %s", gone.Status, gone.Body)
		}
		if unknown := call(t, w.in.URL, "", "GET", "/brief/brf_nothing", nil); unknown.Status != http.StatusNotFound {
			t.Errorf("unknown token: %d", unknown.Status)
		}
	})
}
