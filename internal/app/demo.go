package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/incident"
	"sitrep/internal/problem"
)

// The demo replays, in small, the response to the 8 March 2023 outage: an
// unattended systemd upgrade restarted systemd-networkd on every node, pod
// networking went down in four regions at once, and the response grew into
// workstreams per problem and a child incident per region. A newcomer who runs
// `sitrep serve --demo` sees every part of sitrep filled with believable data.

type demoPerson struct{ handle, name string }

var demoPeople = []demoPerson{
	{"laura", "Laura Martin"},     // incident commander
	{"sam", "Sam Patel"},          // communications lead
	{"omar", "Omar Farah"},        // scribe
	{"dave", "Dave Kim"},          // engineering executive on call
	{"laurent", "Laurent Dubois"}, // eu1-compute
	{"ana", "Ana Souza"},          // us1-compute
	{"priya", "Priya Nair"},       // certificates
	{"mei", "Mei Tanaka"},         // monitoring; declared the incident
	{"tomas", "Tomás Ruiz"},       // status-comms
	{"kenji", "Kenji Ito"},        // network
	{"zoe", "Zoe Novak"},          // commands the US3 and US5 response
}

type demoWorkstream struct {
	name, lead string
	priority   int
	reports    []string
	status     string // set with the last report
}

var demoWorkstreams = []demoWorkstream{
	{"eu1-compute", "laurent", 1, []string{
		"Restarting nodes restores connectivity on GCP. Parent control plane nodes first, then the hundreds of parent nodes, then child nodes.",
		"Parent control planes healthy. Child clusters coming back; the subnets of the three log and trace clusters are full, asking for more IPs.",
	}, ""},
	{"us1-compute", "ana", 1, []string{
		"On AWS the broken nodes failed health checks and autoscaling replaced them: local SSDs are gone. New nodes stuck NotStarted and Unregistered while control planes are unstable.",
		"99% of CreateNetworkInterface calls are rate limited. Removing Unready nodes to lower the pressure; AWS is raising our limits.",
	}, "blocked"},
	{"certificates", "priya", 2, []string{
		"Vault is slow and unstable under the node scale-up. Rate limiting certificate requests from new nodes.",
	}, ""},
	{"monitoring", "mei", 2, []string{
		"Out-of-band liveness checks confirm monitors are not evaluating in US1, EU1, US3 and US5. Our own telemetry is mostly blind.",
	}, ""},
	{"status-comms", "tomas", 2, []string{
		"Status page up for all regions; next public update in 30 minutes.",
	}, ""},
	{"network", "kenji", 3, []string{
		"Trigger found: the CVE patch to systemd, applied by unattended upgrades on every node within the same hour, restarted systemd-networkd, which dropped the routing policy rules pod networking needs. Unattended upgrades disabled fleet-wide.",
	}, "done"},
}

var demoUpdates = []struct{ author, audience, body string }{
	{"tomas", "public", "We are investigating an issue affecting the web application, the API and monitor evaluation in all regions."},
	{"sam", "support", "All four regions are affected: web app, API and monitors. No ETA yet. Point customers to the status page; next update in 30 minutes."},
	{"dave", "executives", "SEV-1 in US1, EU1, US3 and US5. Cause identified: an OS update broke pod networking on every node. Recovery goes region by region, EU1 first. Several hundred engineers engaged."},
	{"laura", "responders", "Working model: a systemd update restarted networkd everywhere and pods lost their routes. Priorities: 1. compute in EU1 and US1, 2. keep Vault healthy, 3. backfill later. Leads, report in your workstream every 30 minutes."},
	{"tomas", "public", "We have identified the cause and are restoring service region by region. Data received during the incident will be backfilled."},
}

var demoMessages = []struct{ author, workstream, body string }{
	{"mei", "", "This might be a SEV-1: out-of-band checks say alerting is down in every region."},
	{"laura", "", "Core IC here, catching up. Putting up a status page; who needs to be here to troubleshoot?"},
	{"kenji", "", "SSH to k8s nodes fails on some hosts; paging compute."},
	{"laurent", "eu1-compute", "Restarting a node fixes it. Starting with parent control planes."},
	{"ana", "us1-compute", "Instances terminated and replaced since the start; Kafka and Zookeeper lost their local disks."},
}

var demoRegions = []struct {
	title, tag, commander string
	workstream            string // moved to the child; empty for none
}{
	{"EU1: restore compute (GCP)", "region:eu1", "laurent", "eu1-compute"},
	{"US1: restore compute (AWS)", "region:us1", "ana", "us1-compute"},
	{"US3: restore compute (Azure)", "region:us3", "zoe", ""},
	{"US5: restore compute (GCP)", "region:us5", "zoe", ""},
}

// SeedDemo fills an empty database with the demo incident and its people, and
// reports whether it did. A database that already has incidents or users other
// than the first admin is left alone, so restarting with --demo never
// duplicates anything and never mixes demo data into real data.
func (a *App) SeedDemo(ctx context.Context, out io.Writer) (bool, error) {
	empty, err := a.demoEmpty(ctx)
	if err != nil || !empty {
		if err == nil {
			fmt.Fprintln(out, "sitrep: demo: the database already has data; no demo data added")
		}
		return false, err
	}
	admin, err := a.Auth.User(ctx, auth.BootstrapHandle)
	if err != nil {
		return false, fmt.Errorf("demo: find the first admin: %w", err)
	}
	root := auth.Principal{UserID: admin.ID, Handle: admin.Handle, Role: auth.Admin}
	people := map[string]auth.Principal{}
	for i, p := range demoPeople {
		u, err := a.Auth.CreateUser(ctx, root, auth.NewUser{Handle: p.handle, Name: p.name, Email: p.handle + "@example.com", Role: auth.Responder})
		if i == 0 && problem.Is(err, problem.Conflict) {
			// Another instance on the same PostgreSQL is seeding right now.
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("demo: %w", err)
		}
		people[p.handle] = auth.Principal{UserID: u.ID, Handle: u.Handle, Role: u.Role}
	}
	number, err := a.demoIncident(ctx, people)
	if err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	fmt.Fprintf(out, "sitrep: demo: seeded SEV-1 incident %d with %d regional children, %d workstreams and %d people\n",
		number, len(demoRegions), len(demoWorkstreams), len(demoPeople))
	if path := filepath.Join(a.cfg.DataDir, "admin.token"); fileExists(path) {
		fmt.Fprintf(out, "sitrep: demo: read it with: curl -H \"Authorization: Bearer $(cat %s)\" http://%s/api/v1/incidents/%d\n", path, a.cfg.Listen, number)
	}
	return true, nil
}

// demoEmpty reports whether nobody but the first admin has used the database.
func (a *App) demoEmpty(ctx context.Context) (bool, error) {
	incs, _, err := a.Incidents.List(ctx, incident.Filter{Limit: 1})
	if err != nil || len(incs) > 0 {
		return false, err
	}
	users, err := a.Auth.Users(ctx, "", 2)
	if err != nil {
		return false, err
	}
	return len(users) == 1 && users[0].Handle == auth.BootstrapHandle, nil
}

// demoIncident plays the response in the order it happened: declared by the
// first responder, staffed, split into workstreams, reported on, then split
// per region once the recovery differed by cloud provider.
func (a *App) demoIncident(ctx context.Context, people map[string]auth.Principal) (int64, error) {
	s := a.Incidents
	inc, err := s.Declare(ctx, people["mei"], incident.Declaration{
		Title:    "Pod networking down in four regions",
		Severity: "SEV-1",
		Summary: "Pods and nodes lost network connectivity in US1, EU1, US3 and US5. " +
			"Web app and API unavailable, monitors not evaluating, ingestion degraded.",
		Tags:      []string{"region:eu1", "region:us1", "region:us3", "region:us5", "service:kubernetes"},
		Commander: "laura",
	})
	if err != nil {
		return 0, err
	}
	n, ic := inc.Number, people["laura"]
	for _, p := range demoPeople {
		if _, err := s.Join(ctx, people[p.handle], n, ""); err != nil {
			return 0, err
		}
	}
	for _, r := range [][2]string{{"comms-lead", "sam"}, {"scribe", "omar"}} {
		if _, err := s.AssignRole(ctx, ic, n, r[0], r[1]); err != nil {
			return 0, err
		}
	}
	// The incident was declared well after it started; correcting the
	// milestones (with a reason) is part of the story. CreatedAt is the
	// service clock's now, so tests that move the clock still see sense.
	for _, m := range []struct {
		kind, reason string
		ago          time.Duration
	}{
		{"started", "the unattended-upgrades timer began restarting systemd-networkd", 95 * time.Minute},
		{"detected", "first out-of-band liveness check failed", 80 * time.Minute},
	} {
		if _, err := s.SetMilestone(ctx, people["omar"], n, m.kind, inc.CreatedAt.Add(-m.ago), m.reason); err != nil {
			return 0, err
		}
	}
	ids := map[string]int64{}
	for _, w := range demoWorkstreams {
		created, err := s.AddWorkstream(ctx, ic, n, incident.WorkstreamChange{Name: &w.name, Lead: &w.lead, Priority: &w.priority})
		if err != nil {
			return 0, err
		}
		ids[w.name] = created.ID
	}
	for _, m := range demoMessages {
		if _, err := s.PostMessage(ctx, people[m.author], n, ids[m.workstream], m.body); err != nil {
			return 0, err
		}
	}
	for _, w := range demoWorkstreams {
		for i, body := range w.reports {
			status := ""
			if i == len(w.reports)-1 {
				status = w.status
			}
			if _, err := s.PostWorkstreamUpdate(ctx, people[w.lead], n, ids[w.name], body, status); err != nil {
				return 0, err
			}
		}
	}
	for _, u := range demoUpdates {
		if _, err := s.PostUpdate(ctx, people[u.author], n, u.audience, u.body); err != nil {
			return 0, err
		}
	}
	identified := incident.Identified
	if _, err := s.Update(ctx, ic, n, incident.Patch{Status: &identified}); err != nil {
		return 0, err
	}
	for _, r := range demoRegions {
		sp := incident.Split{Title: r.title, Commander: r.commander, Tags: []string{r.tag}}
		if r.workstream != "" {
			sp.Workstreams = []int64{ids[r.workstream]}
		}
		child, err := s.Split(ctx, ic, n, sp)
		if err != nil {
			return 0, err
		}
		// A child inherits every region of the parent; it works on one.
		tags := []string{r.tag, "service:kubernetes"}
		if _, err := s.Update(ctx, ic, child.Number, incident.Patch{Tags: &tags}); err != nil {
			return 0, err
		}
	}
	return n, nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
