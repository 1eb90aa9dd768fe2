package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"sitrep/client"
)

// Laura, commanding, writes "What we know" in her browser; Sam, who has the
// state document open in his, sees it appear without reloading. Markup in
// the text is shown as text and never runs, there and on the public brief a
// stranger opens from a link.
func TestBrowserStateDocumentLiveAndInert(t *testing.T) {
	chrome, in := warRoom(t)
	ctx := context.Background()
	inc, err := in.Admin.Declare(ctx, client.Declaration{Title: "EU1 control plane down", Severity: "SEV-1", Commander: "laura"})
	if err != nil {
		t.Fatal(err)
	}
	state := fmt.Sprintf("/incidents/%d/state", inc.Number)
	laura := chrome.window(in.URL)
	sam := chrome.window(in.URL)
	laura.login("laura", chromiumPassword)
	sam.login("sam", chromiumPassword)
	sam.open(state)
	sam.waitText("#live-status", "Live")

	laura.open(state)
	eval[bool](laura, `document.querySelectorAll("details").forEach(function(d){ d.open = true; }), true`)
	laura.fill("#state-body-what_we_know", `EU1 API is **down** <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> [x](javascript:window.__pwned=3)`)
	laura.submit("#state-form-what_we_know")
	sam.waitText("#region-state", "EU1 API is down")

	if _, err := in.Admin.PostUpdate(ctx, inc.Number, "executives", `EXEC-NOTE <img src=x onerror="window.__pwned=4">`); err != nil {
		t.Fatal(err)
	}
	link, err := in.Admin.CreateBriefLink(ctx, inc.Number, "executives", "")
	if err != nil {
		t.Fatal(err)
	}
	stranger := chrome.window(in.URL)
	stranger.open(link.Path)
	if body := stranger.text("body"); !strings.Contains(body, "EXEC-NOTE") {
		t.Errorf("the public brief does not show the update: %q", body)
	}
	for who, w := range map[string]*window{"laura": laura, "sam": sam, "a stranger": stranger} {
		if got := eval[string](w, `typeof window.__pwned`); got != "undefined" {
			t.Errorf("stored markup ran in %s's browser: window.__pwned is %s", who, eval[string](w, `String(window.__pwned)`))
		}
	}
}
