package slack_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"sitrep/internal/notify"
	"sitrep/internal/notify/slack"
)

var guarded = notify.Guard{AllowPrivate: true} // the stand-in listens on loopback

// standIn plays Slack: it records what it is sent and answers with the next
// scripted answer.
type standIn struct {
	*httptest.Server
	mu     sync.Mutex
	calls  []call
	answer func(w http.ResponseWriter)
}

type call struct {
	path, auth string
	body       map[string]any
}

func newStandIn(t *testing.T, answer func(w http.ResponseWriter)) *standIn {
	t.Helper()
	s := &standIn{answer: answer}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		c := call{path: r.URL.Path, auth: r.Header.Get("Authorization")}
		json.Unmarshal(raw, &c.body)
		s.mu.Lock()
		s.calls = append(s.calls, c)
		s.mu.Unlock()
		s.answer(w)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *standIn) only(t *testing.T) call {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.calls) != 1 {
		t.Fatalf("Slack got %d calls, want 1", len(s.calls))
	}
	return s.calls[0]
}

func reply(code int, hdr http.Header, body string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for k, v := range hdr {
			w.Header()[k] = v
		}
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
}

func page(to string) notify.Message {
	return notify.Message{
		ID:         "page-812-step1-cm9",
		Kind:       notify.KindPage,
		To:         to,
		Subject:    "[SEV-1] #42 Checkout <eu-west> is down",
		Body:       "Liveness check checkout-eu failed since 01:22 UTC & <!channel> was not notified.",
		AckURL:     "https://sitrep.example.com/a/ack-token",
		ResolveURL: "https://sitrep.example.com/a/resolve-token",
		Severity:   "SEV-1",
		Incident:   42,
	}
}

func TestPageReachesTheIncidentChannelThroughAHook(t *testing.T) {
	slackHooks := newStandIn(t, reply(200, nil, "ok"))
	hook := slackHooks.URL + "/services/T0EUOPS/B0PAGES/hooksecret"
	retry, err := slack.NewWebhook(guarded.Client(5*time.Second)).Send(context.Background(), page(hook))
	if err != nil || retry {
		t.Fatalf("Send = %v, %v", retry, err)
	}
	c := slackHooks.only(t)
	if c.path != "/services/T0EUOPS/B0PAGES/hooksecret" {
		t.Errorf("posted to %q", c.path)
	}
	text, _ := c.body["text"].(string)
	for _, want := range []string{
		"*[SEV-1] #42 Checkout &lt;eu-west&gt; is down*",
		"&amp; &lt;!channel&gt; was not notified",
		"<https://sitrep.example.com/a/ack-token|Acknowledge>",
		"<https://sitrep.example.com/a/resolve-token|Resolve>",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text %q lacks %q", text, want)
		}
	}
}

func TestHookAnswers(t *testing.T) {
	tests := []struct {
		name  string
		reply func(http.ResponseWriter)
		retry bool
		wait  time.Duration
		say   string
	}{
		{"hook deleted", reply(404, nil, "no_service"), false, 0, "no_service"},
		{"channel archived", reply(410, nil, "channel_is_archived"), false, 0, "channel_is_archived"},
		{"rate limited", reply(429, http.Header{"Retry-After": {"30"}}, ""), true, 30 * time.Second, "429"},
		{"Slack broken", reply(500, nil, "rollup_error"), true, 0, "rollup_error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStandIn(t, tt.reply)
			retry, err := slack.NewWebhook(guarded.Client(5*time.Second)).Send(context.Background(),
				page(s.URL+"/services/T0EUOPS/B0PAGES/hooksecret"))
			if retry != tt.retry || err == nil || notify.RetryAfter(err) != tt.wait {
				t.Fatalf("Send = %v, %v (wait %v); want retry %v, wait %v", retry, err, notify.RetryAfter(err), tt.retry, tt.wait)
			}
			if !strings.Contains(err.Error(), tt.say) {
				t.Errorf("error %q lacks %q", err, tt.say)
			}
			if strings.Contains(err.Error(), "hooksecret") {
				t.Errorf("error %q leaks the hook", err)
			}
		})
	}
}

func newBot(t *testing.T, base string) *slack.Bot {
	t.Helper()
	b, err := slack.NewBot(slack.BotOptions{Token: "xoxb-test-token", BaseURL: base + "/api/", Client: guarded.Client(5 * time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPageReachesTheIncidentChannelThroughTheBot(t *testing.T) {
	api := newStandIn(t, reply(200, nil, `{"ok":true,"channel":"C0INC42","ts":"1741915320.000100"}`))
	retry, err := newBot(t, api.URL).Send(context.Background(), page("C0INC42"))
	if err != nil || retry {
		t.Fatalf("Send = %v, %v", retry, err)
	}
	c := api.only(t)
	if c.path != "/api/chat.postMessage" || c.auth != "Bearer xoxb-test-token" || c.body["channel"] != "C0INC42" {
		t.Errorf("call %+v", c)
	}
	if text, _ := c.body["text"].(string); !strings.Contains(text, "|Acknowledge>") {
		t.Errorf("text %q has no ack link", text)
	}
}

func TestBotAnswers(t *testing.T) {
	tests := []struct {
		name  string
		reply func(http.ResponseWriter)
		retry bool
		wait  time.Duration
		say   string
	}{
		{"ratelimited in the body", reply(200, http.Header{"Retry-After": {"3"}}, `{"ok":false,"error":"ratelimited"}`), true, 3 * time.Second, "ratelimited"},
		{"ratelimited by status", reply(429, http.Header{"Retry-After": {"20"}}, ""), true, 20 * time.Second, "429"},
		{"Slack broken", reply(200, nil, `{"ok":false,"error":"internal_error"}`), true, 0, "internal_error"},
		{"Slack answers garbage", reply(200, nil, `<html>maintenance</html>`), true, 0, "other than Web API JSON"},
		{"Slack down", reply(503, nil, ""), true, 0, "503"},
		{"app not in channel", reply(200, nil, `{"ok":false,"error":"not_in_channel"}`), false, 0, "invite the sitrep app"},
		{"channel gone", reply(200, nil, `{"ok":false,"error":"channel_not_found"}`), false, 0, "channel ID"},
		{"token revoked", reply(200, nil, `{"ok":false,"error":"token_revoked"}`), false, 0, "reinstall"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newStandIn(t, tt.reply)
			retry, err := newBot(t, api.URL).Send(context.Background(), page("C0INC42"))
			if retry != tt.retry || err == nil || notify.RetryAfter(err) != tt.wait {
				t.Fatalf("Send = %v, %v (wait %v); want retry %v, wait %v", retry, err, notify.RetryAfter(err), tt.retry, tt.wait)
			}
			if !strings.Contains(err.Error(), tt.say) {
				t.Errorf("error %q lacks %q", err, tt.say)
			}
			if strings.Contains(err.Error(), "xoxb") {
				t.Errorf("error %q leaks the token", err)
			}
		})
	}
	var apiErr *slack.APIError
	api := newStandIn(t, reply(200, nil, `{"ok":false,"error":"is_archived"}`))
	if _, err := newBot(t, api.URL).Send(context.Background(), page("C0INC42")); !errors.As(err, &apiErr) || apiErr.Code != "is_archived" {
		t.Fatalf("error %v is not an APIError", err)
	}
}

func TestBotNeedsAToken(t *testing.T) {
	if _, err := slack.NewBot(slack.BotOptions{}); err == nil {
		t.Fatal("a bot without a token was made")
	}
	b, err := slack.NewBot(slack.BotOptions{Token: "xoxb-1"})
	if err != nil || b.Channel() != notify.ChannelSlack || slack.NewWebhook(nil).Channel() != notify.ChannelSlackWebhook {
		t.Fatalf("NewBot = %v, %v", b, err)
	}
}

func TestLongBodiesKeepTheirLinks(t *testing.T) {
	m := page("C0INC42")
	m.Body = strings.Repeat("stack trace line\n", 1000)
	text := slack.Text(m)
	if n := utf8.RuneCountInString(text); n > slack.MaxText {
		t.Fatalf("text has %d runes, more than %d", n, slack.MaxText)
	}
	if !strings.HasSuffix(text, "|Resolve>") || !strings.Contains(text, "…") {
		t.Fatalf("text lost its links or its ellipsis: ...%s", text[len(text)-120:])
	}
	m.AckURL = "https://sitrep.example.com/a/x|y>z"
	if text := slack.Text(m); !strings.Contains(text, "<https://sitrep.example.com/a/x%7Cy%3Ez|Acknowledge>") {
		t.Fatalf("link not escaped: %q", text[len(text)-150:])
	}
}
