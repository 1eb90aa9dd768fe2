package cli_test

import (
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

func TestShowJSONIsTheIncidentAScriptCanRead(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	admin(t, in, "user", "add", "laurent", "--name", "Laurent Dupont", "--email", "laurent@example.com", "--role", "responder")
	admin(t, in, "declare", "Alerting down in all regions", "--severity", "SEV-1", "--tag", "region:eu1", "--commander", "laurent")
	admin(t, in, "workstream", "add", "1", "eu1-compute", "--lead", "laurent")

	var d client.Detail
	decode(t, admin(t, in, "--json", "show", "1"), &d)
	if d.Number != 1 || d.Title != "Alerting down in all regions" || d.Severity != "SEV-1" {
		t.Errorf("show --json: #%d %q %s; want #1 \"Alerting down in all regions\" SEV-1", d.Number, d.Title, d.Severity)
	}
	if len(d.Roles) != 1 || d.Roles[0].Role != "commander" || d.Roles[0].User != "laurent" {
		t.Errorf("show --json roles = %+v; want laurent as commander", d.Roles)
	}
	if len(d.Workstreams) != 1 || d.Workstreams[0].Name != "eu1-compute" || d.Workstreams[0].Lead != "laurent" {
		t.Errorf("show --json workstreams = %+v; want eu1-compute led by laurent", d.Workstreams)
	}

	var page client.IncidentPage
	decode(t, admin(t, in, "--json", "incidents"), &page)
	if len(page.Incidents) != 1 || page.Incidents[0].Number != 1 {
		t.Errorf("incidents --json = %+v; want incident 1 alone", page.Incidents)
	}
}
