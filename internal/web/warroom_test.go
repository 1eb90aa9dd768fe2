package web_test

import (
	"net/http"
	"strings"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// Laura declares through the form, lands on the incident page (post,
// redirect, get), and finds it in the list.
func TestDeclareThroughTheForm(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		b := signedIn(t, in, "laura", "responder")
		form := b.do("GET", "/incidents/new", nil)
		form.isPage(t, "declare form", http.StatusOK)
		form.mustContain(t, "declare form", `id="declare-form"`, `name="title"`, `name="severity"`, `name="csrf"`)

		p := b.post("/incidents", "title", "EU1 compute down", "severity", "SEV-1", "summary", "Instances **fail** to boot", "tags", "eu1, compute")
		if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/incidents/1" {
			t.Fatalf("declare: %d to %q\n%s", p.Status, p.Header.Get("Location"), p.Body)
		}
		inc := b.do("GET", "/incidents/1", nil)
		inc.isPage(t, "incident page", http.StatusOK)
		inc.mustContain(t, "incident page", "EU1 compute down", "SEV-1", "investigating", "<strong>fail</strong>",
			`id="region-header"`, `id="region-workstreams"`, `id="region-timeline"`, `id="region-channel"`, "incident.declared")

		list := b.do("GET", "/incidents", nil)
		list.isPage(t, "list", http.StatusOK)
		list.mustContain(t, "list", `href="/incidents/1"`, "EU1 compute down")
		if q := b.do("GET", "/incidents?q=nothing+like+it", nil); strings.Contains(q.Body, "EU1 compute down") {
			t.Fatalf("text search kept a non-match:\n%s", q.Body)
		}
		if q := b.do("GET", "/incidents?status=resolved", nil); strings.Contains(q.Body, "EU1 compute down") {
			t.Fatalf("resolved filter kept an active incident")
		}
		b.do("GET", "/incidents?mine=1&q=compute", nil).mustContain(t, "mine", "EU1 compute down")
	})
}

// A refused declaration shows the form again, with what was typed and the
// domain's message beside the field it names.
func TestDeclareFormShowsTheFieldError(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	b := signedIn(t, in, "laura", "responder")
	p := b.post("/incidents", "title", "   ", "severity", "SEV-2", "summary", "kept text")
	p.isPage(t, "refused declaration", http.StatusBadRequest)
	p.mustContain(t, "refused declaration", `id="title-error"`, `aria-invalid="true"`, "kept text", `id="declare-form"`)
	p = b.post("/incidents", "title", "Bad severity", "severity", "SEV-9")
	p.isPage(t, "bad severity", http.StatusBadRequest)
	p.mustContain(t, "bad severity", `id="severity-error"`, "Bad severity")
}

// Staffing and reporting through the incident page's forms.
func TestWorkTheIncidentThroughForms(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		b := signedIn(t, in, "laura", "responder")
		withPassword(t, in, "marc", "responder", lauraPassword)
		b.follow("/incidents", "title", "Certificates expired", "severity", "SEV-2")

		ws := b.follow("/incidents/1/workstreams", "name", "certificates", "lead", "laura", "priority", "1")
		ws.mustContain(t, "workstream page", "Workstream: certificates", `id="ws-update-form"`, `id="ws-message-form"`, `id="ws-change-form"`)
		ws = b.follow("/incidents/1/workstreams/1/updates", "body", "Renewed *half* of them", "status", "blocked")
		ws.mustContain(t, "workstream after update", "<em>half</em>", "blocked")
		b.follow("/incidents/1/workstreams/1/messages", "body", "who has the HSM key?").mustContain(t, "workstream channel", "who has the HSM key?")
		b.follow("/incidents/1/workstreams/1", "priority", "2", "status", "active", "lead", "laura")

		b.follow("/incidents/1/updates", "audience", "support", "body", "Customers see TLS errors")
		b.follow("/incidents/1/messages", "body", "war room is **here**")
		b.follow("/incidents/1/responders", "user", "marc")
		b.follow("/incidents/1/roles", "role", "commander", "user", "laura")
		b.follow("/incidents/1/severity", "severity", "SEV-1")
		page := b.follow("/incidents/1/roles", "role", "scribe", "user", "marc")
		page.mustContain(t, "incident page", "SEV-1", "Commander: <strong>laura</strong>", "scribe: <strong>marc</strong>",
			"war room is <strong>here</strong>", "Customers see TLS errors", "certificates", "P2", "2 responders")

		b.follow("/incidents", "title", "Also certificates", "severity", "SEV-3")
		b.follow("/incidents/2/links", "number", "1", "kind", "related").mustContain(t, "linked", `href="/incidents/1"`)
		child := b.follow("/incidents/1/split", "title", "Certificates in EU", "commander", "laura", "workstreams", "1")
		child.mustContain(t, "child", "Certificates in EU", "split from")
		b.follow("/incidents/2/merge", "number", "1").mustContain(t, "merge target", "Certificates expired")
		b.follow("/incidents/1/leave", "user", "marc")
		resolved := b.follow("/incidents/1/status", "status", "resolved")
		resolved.mustContain(t, "resolved", `id="incident-status">resolved`)
		tl := b.do("GET", "/incidents/1/timeline", nil)
		tl.isPage(t, "timeline", http.StatusOK)
		tl.mustContain(t, "timeline", "incident.declared", "message.posted")
		rs := b.do("GET", "/incidents/1/responders?all=1", nil)
		rs.isPage(t, "responders", http.StatusOK)
		rs.mustContain(t, "responders", "marc", "laura")
	})
}

// Text people type is shown, never run: a stored <script> title is escaped
// everywhere it appears, and Markdown is sanitized.
func TestStoredScriptIsEscaped(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	b := signedIn(t, in, "laura", "responder")
	title := `<script>alert("pwned")</script>`
	b.follow("/incidents", "title", title, "severity", "SEV-3")
	b.follow("/incidents/1/messages", "body", `hi <img src=x onerror=alert(1)> [x](javascript:alert(1))`)
	for _, path := range []string{"/incidents/1", "/incidents", "/incidents/1/timeline"} {
		p := b.do("GET", path, nil)
		if strings.Contains(p.Body, `<script>alert`) || strings.Contains(p.Body, "onerror=") || strings.Contains(p.Body, "javascript:alert") {
			t.Fatalf("%s runs stored text:\n%s", path, p.Body)
		}
		p.mustContain(t, path, "&lt;script&gt;alert(")
	}
}
