package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// TestScreenshots saves pictures of the demo incident for the docs: the
// incident page, its state document and the public status page, as
// incident.png, statedoc.png and statuspage.png in the directory named by
// SITREP_SCREENSHOTS (relative to the repository root), for example
//
//	SITREP_SCREENSHOTS=docs/img go test ./internal/web -run TestScreenshots
//
// Without the variable it does nothing.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("SITREP_SCREENSHOTS")
	if dir == "" {
		t.Skip("set SITREP_SCREENSHOTS=docs/img to save screenshots")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(repoRoot(t), dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	chrome := startChromium(t)
	in := apptest.Start(t, store.SQLite)
	ctx := context.Background()
	var demo bytes.Buffer
	if ok, err := in.App.SeedDemo(ctx, &demo); err != nil || !ok {
		t.Fatalf("seed the demo: %v %s", err, demo.String())
	}
	m := regexp.MustCompile(`incident (\d+)`).FindStringSubmatch(demo.String())
	if m == nil {
		t.Fatalf("no incident number in %q", demo.String())
	}
	n := m[1]
	setPassword(t, in, "laura", chromiumPassword)
	components(t, in, n)
	pub := httptest.NewServer(in.App.PublicHandler())
	t.Cleanup(pub.Close)

	laura := chrome.window(in.URL)
	laura.login("laura", chromiumPassword)

	// The commander writes the top of the state document, as on the day.
	laura.open("/incidents/" + n + "/state")
	for key, body := range map[string]string{
		"what_we_know": "- Pod networking is down on **every node** in US1, EU1, US3 and US5.\n- Trigger: the systemd CVE patch, applied by unattended upgrades within one hour, restarted systemd-networkd, which dropped pod routing rules.\n- Restarting a node restores it (GCP); on AWS broken nodes were replaced and lost their local disks.",
		"theories":     "- US1 recovery is slowed by EC2 API rate limits, not by our control planes.\n- Vault instability is load from the node scale-up.",
		"guidance":     "- **Do** report in your workstream every 30 minutes.\n- **Do not** restart Vault or scale node groups without asking the commander.\n- Customers: point them to the status page; no ETA yet.",
	} {
		laura.open("/incidents/" + n + "/state")
		eval[bool](laura, `document.querySelectorAll("details").forEach(function(d){ d.open = true; }), true`)
		laura.fill("#state-body-"+key, body)
		laura.submit("#state-form-" + key)
	}

	// The latest entries of the timeline are what a responder wrote.
	laura.open("/incidents/" + n)
	laura.fill("#msg-body", "EU1 parent control planes are healthy; Laurent's team moves on to the child clusters.")
	laura.submit("#message-form")
	laura.open("/incidents/" + n)
	laura.postUpdate("responders", "EU1: parent control planes healthy, child clusters restarting. US1: waiting on AWS to raise our EC2 API limits. Do not scale node groups by hand. Next report in 30 minutes.")

	shoot := func(w *window, path, file string, height int64, ready func(w *window)) {
		t.Helper()
		w.do("size the window", chromedp.EmulateViewport(1280, height))
		w.open(path)
		if ready != nil {
			ready(w)
		}
		png := runValue(w, "screenshot "+path, chromedp.CaptureScreenshot())
		if err := os.WriteFile(filepath.Join(dir, file), png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("saved %s (%d bytes)", filepath.Join(dir, file), len(png))
	}
	live := func(w *window) { w.waitText("#live-status", "Live") }
	shoot(laura, "/incidents/"+n, "incident.png", 1500, live)
	shoot(laura, "/incidents/"+n+"/state", "statedoc.png", 1500, nil)
	customer := chrome.window(pub.URL)
	shoot(customer, "/", "statuspage.png", 1100, nil)
}

// components lists what customers see on the status page, by region, and
// puts the regions of the demo outage in it.
func components(t *testing.T, in *apptest.Instance, number string) {
	t.Helper()
	ctx := context.Background()
	n, err := strconv.ParseInt(number, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	down := map[string][]int64{}
	for i, region := range []string{"US1", "EU1", "US3", "US5", "AP1"} {
		for j, name := range []string{"Web app", "API", "Monitors"} {
			c, err := in.Admin.CreateStatusComponent(ctx, client.NewStatusComponent{Name: region + " " + name, Group: region, Position: int64(i*10 + j)})
			if err != nil {
				t.Fatalf("create component %s %s: %v", region, name, err)
			}
			if region != "AP1" {
				status := "partial_outage"
				if name == "Monitors" {
					status = "major_outage"
				}
				down[status] = append(down[status], c.ID)
			}
		}
	}
	for status, ids := range down {
		if _, err := in.Admin.SetIncidentComponents(ctx, n, ids, status); err != nil {
			t.Fatalf("put components in %s: %v", status, err)
		}
	}
}

// runValue runs one action that returns a value.
func runValue[T any](w *window, doing string, a chromedp.Action[T]) T {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.ctx, browserTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		w.fail(doing, err)
	}
	return v
}

// setPassword gives a demo user a password, so that a browser can sign in.
func setPassword(t *testing.T, in *apptest.Instance, handle, password string) {
	t.Helper()
	body := fmt.Sprintf(`{"password":%q}`, password)
	req, err := http.NewRequest(http.MethodPut, in.URL+"/api/v1/users/"+handle+"/password", bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+apptest.AdminToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		t.Fatalf("set the password of %s: %d", handle, resp.StatusCode)
	}
}

// repoRoot is the directory of go.mod above the test's directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}
