package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath finds a Chromium to drive: $SITREP_CHROMIUM, else chromium on
// PATH. Without one the browser tests skip, except under CI=true, where a
// missing browser is a failure (.ci/run installs Debian's chromium).
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SITREP_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no chromium on PATH: the browser tests must run in CI (.ci/run installs it)")
	}
	t.Skip("no chromium on PATH; install it (apt-get install chromium) to run the browser tests")
	return ""
}

// browserTimeout bounds each browser step, so that a page that never shows
// what a test waits for fails the test with a message instead of hanging it.
const browserTimeout = 60 * time.Second

// chromium is one headless Chromium process with a fresh profile. Each
// window it opens is its own browser context: separate cookies and storage,
// like two people on two machines.
type chromium struct {
	t     *testing.T
	alloc context.Context
	first context.Context
}

func startChromium(t *testing.T) *chromium {
	t.Helper()
	path := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	first, cancelFirst := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancelFirst()
		cancelAlloc()
	})
	// Start the browser now, so that a broken install fails here, clearly.
	// The first run must not have a timeout: the browser lives as long as
	// the context of that run.
	if err := chromedp.Do(first); err != nil {
		t.Fatalf("start chromium (%s): %v", path, err)
	}
	return &chromium{t: t, alloc: alloc, first: first}
}

// window is one browser context with one tab.
type window struct {
	t    *testing.T
	ctx  context.Context
	base string
}

// window opens a new browser context on the sitrep at base.
func (c *chromium) window(base string) *window {
	c.t.Helper()
	ctx, cancel := chromedp.NewContext(c.first, chromedp.WithNewBrowserContext())
	c.t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		c.t.Fatalf("open a browser window: %v", err)
	}
	return &window{t: c.t, ctx: ctx, base: base}
}

// do runs actions within browserTimeout, failing the test with what it was
// doing if they do not complete.
func (w *window) do(doing string, actions ...chromedp.Action[chromedp.Void]) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.ctx, browserTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		w.fail(doing, err)
	}
}

// fail ends the test with where the browser is and what it shows.
func (w *window) fail(doing string, err error) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.ctx, 5*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 2000) : ""`))
	w.t.Fatalf("%s: %v\nthe browser is at %s and shows:\n%s", doing, err, loc, text)
}

// eval evaluates a JavaScript expression.
func eval[T any](w *window, js string) T {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.ctx, browserTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		w.fail("evaluate "+js, err)
	}
	return v
}

// open loads path and waits until the page has loaded.
func (w *window) open(path string) {
	w.t.Helper()
	w.do("open "+path, chromedp.Navigate(w.base+path), chromedp.WaitReady(chromedp.CSS("body")))
}

// submit clicks the submit button of the form matching sel and waits for the
// page it leads to (a post-redirect-get) to load.
func (w *window) submit(sel string) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.ctx, browserTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel+` button[type=submit]`)))
	if err != nil {
		w.fail("submit "+sel, err)
	}
	if resp.Status >= 400 {
		w.fail("submit "+sel, fmt.Errorf("answered %d", resp.Status))
	}
}

// fill types text into empty fields, given as CSS selector and text pairs.
func (w *window) fill(fields ...string) {
	w.t.Helper()
	var actions []chromedp.Action[chromedp.Void]
	for i := 0; i+1 < len(fields); i += 2 {
		sel := chromedp.CSS(fields[i])
		actions = append(actions, chromedp.SendKeys(sel, fields[i+1]))
	}
	w.do("fill "+strings.Join(fields, " "), actions...)
}

// choose picks the option value of a select.
func (w *window) choose(sel, value string) {
	w.t.Helper()
	w.do("choose "+value+" in "+sel, chromedp.SetValue(chromedp.CSS(sel), value))
}

// login signs in through the sign-in form.
func (w *window) login(handle, password string) {
	w.t.Helper()
	w.open("/login")
	w.fill("#handle", handle, "#password", password)
	w.submit(`form[action="/login"]`)
	if path := eval[string](w, `location.pathname`); path == "/login" {
		w.t.Fatalf("sign in as %s: still on the sign-in page", handle)
	}
}

// waitText waits until the element matching sel contains text, without
// reloading the page.
func (w *window) waitText(sel, text string) {
	w.t.Helper()
	js := fmt.Sprintf(`(function(){ var el = document.querySelector(%q); return !!el && el.textContent.includes(%q); })()`, sel, text)
	w.do(fmt.Sprintf("wait for %q in %s", text, sel),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Poll[bool](js, chromedp.WithPollingInterval(50*time.Millisecond))(ctx, t)
			return err
		}))
}

// text returns the text content of the element matching sel.
func (w *window) text(sel string) string {
	w.t.Helper()
	return eval[string](w, fmt.Sprintf(`(function(){ var el = document.querySelector(%q); return el ? el.textContent : ""; })()`, sel))
}

// incidentNumber reads the incident number from an /incidents/{n} location.
func (w *window) incidentNumber() int64 {
	w.t.Helper()
	path := eval[string](w, `location.pathname`)
	var n int64
	if _, err := fmt.Sscanf(path, "/incidents/%d", &n); err != nil {
		w.t.Fatalf("expected an incident page, at %s", path)
	}
	return n
}
