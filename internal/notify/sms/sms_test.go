package sms_test

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"sitrep/internal/notify"
	"sitrep/internal/notify/sms"
	"sitrep/internal/problem"
)

const (
	sid   = "AC00000000000000000000000000000042"
	token = "twilio-auth-s3cret"
	from  = "+14155550100"
)

// twilio stands in for a Twilio-compatible provider and records every
// request it gets.
type twilio struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []request
	code int
	body string
	hdr  http.Header
}

type request struct {
	path, user, pass, key string
	form                  url.Values
}

func newTwilio(t *testing.T, code int, hdr http.Header, body string) *twilio {
	t.Helper()
	tw := &twilio{code: code, hdr: hdr, body: body}
	tw.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(raw))
		user, pass, _ := r.BasicAuth()
		tw.mu.Lock()
		tw.reqs = append(tw.reqs, request{path: r.URL.Path, user: user, pass: pass, key: r.Header.Get("Idempotency-Key"), form: form})
		tw.mu.Unlock()
		for k, v := range tw.hdr {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(tw.code)
		io.WriteString(w, tw.body)
	}))
	t.Cleanup(tw.Close)
	return tw
}

func (tw *twilio) requests() []request {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	return append([]request(nil), tw.reqs...)
}

func options(base string) sms.Options {
	return sms.Options{
		BaseURL: base, AccountSID: sid, AuthToken: token, From: from,
		Client: notify.Guard{AllowPrivate: true}.Client(5 * time.Second),
	}
}

func page(to string) notify.Message {
	return notify.Message{
		ID:         "page-812-step2-cm3",
		Kind:       notify.KindPage,
		To:         to,
		Subject:    "[SEV-1] #42 Checkout is down in eu-west",
		Body:       "Liveness check checkout-eu failed since 01:22 UTC.",
		AckURL:     "https://sitrep.example.com/a/ack-token",
		ResolveURL: "https://sitrep.example.com/a/resolve-token",
		Severity:   "SEV-1",
		Incident:   42,
	}
}

func TestExecOnCallGetsATextMessage(t *testing.T) {
	tw := newTwilio(t, http.StatusCreated, nil, `{"sid":"SM0001","status":"queued"}`)
	s, err := sms.New(options(tw.URL))
	if err != nil {
		t.Fatal(err)
	}
	retry, err := s.Send(context.Background(), page("+447700900123"))
	if err != nil || retry {
		t.Fatalf("Send = %v, %v", retry, err)
	}
	reqs := tw.requests()
	if len(reqs) != 1 {
		t.Fatalf("provider got %d requests", len(reqs))
	}
	r := reqs[0]
	if r.path != "/2010-04-01/Accounts/"+sid+"/Messages.json" || r.user != sid || r.pass != token {
		t.Errorf("request %+v", r)
	}
	if r.form.Get("To") != "+447700900123" || r.form.Get("From") != from || r.key != "page-812-step2-cm3" {
		t.Errorf("form %v, key %q", r.form, r.key)
	}
	body := r.form.Get("Body")
	for _, want := range []string{"[SEV-1] #42 Checkout is down", "Ack: https://sitrep.example.com/a/ack-token", "Resolve: https://sitrep.example.com/a/resolve-token"} {
		if !strings.Contains(body, want) {
			t.Errorf("body %q lacks %q", body, want)
		}
	}
}

func TestExecOnCallGetsAPhoneCall(t *testing.T) {
	tw := newTwilio(t, http.StatusCreated, nil, `{"sid":"CA0001","status":"queued"}`)
	v, err := sms.NewVoice(options(tw.URL + "/"))
	if err != nil {
		t.Fatal(err)
	}
	m := page("+14155550199")
	m.Subject = "[SEV-1] #42 Checkout <eu-west> & payments down"
	if retry, err := v.Send(context.Background(), m); err != nil || retry {
		t.Fatalf("Send = %v, %v", retry, err)
	}
	r := tw.requests()[0]
	if r.path != "/2010-04-01/Accounts/"+sid+"/Calls.json" || r.form.Get("To") != "+14155550199" {
		t.Fatalf("request %+v", r)
	}
	twiml := r.form.Get("Twiml")
	var script struct {
		Say struct {
			Loop string `xml:"loop,attr"`
			Text string `xml:",chardata"`
		}
	}
	if err := xml.Unmarshal([]byte(twiml), &script); err != nil {
		t.Fatalf("TwiML %q does not parse: %v", twiml, err)
	}
	if !strings.Contains(script.Say.Text, "Checkout <eu-west> & payments down") || script.Say.Loop != "2" {
		t.Errorf("the call says %+v", script.Say)
	}
}

func TestProviderAnswers(t *testing.T) {
	tests := []struct {
		name  string
		code  int
		hdr   http.Header
		body  string
		retry bool
		wait  time.Duration
		say   string
	}{
		{"number cannot receive", 400, nil, `{"code":21614,"message":"'To' number is not a valid mobile number","status":400}`, false, 0, "21614"},
		{"bad credentials", 401, nil, `{"code":20003,"message":"Authenticate","status":401}`, false, 0, "401"},
		{"too many requests", 429, http.Header{"Retry-After": {"15"}}, `{"code":20429,"message":"Too Many Requests"}`, true, 15 * time.Second, "429"},
		{"provider outage", 500, nil, `{"code":20500,"message":"Internal Server Error"}`, true, 0, "500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tw := newTwilio(t, tt.code, tt.hdr, tt.body)
			s, err := sms.New(options(tw.URL))
			if err != nil {
				t.Fatal(err)
			}
			retry, err := s.Send(context.Background(), page("+447700900123"))
			if retry != tt.retry || err == nil || notify.RetryAfter(err) != tt.wait {
				t.Fatalf("Send = %v, %v (wait %v); want retry %v, wait %v", retry, err, notify.RetryAfter(err), tt.retry, tt.wait)
			}
			if !strings.Contains(err.Error(), tt.say) {
				t.Errorf("error %q lacks %q", err, tt.say)
			}
			if strings.Contains(err.Error(), token) {
				t.Errorf("error %q leaks the token", err)
			}
		})
	}
}

func TestANumberThatCannotBeOneIsNotSent(t *testing.T) {
	tw := newTwilio(t, http.StatusCreated, nil, `{}`)
	s, _ := sms.New(options(tw.URL))
	v, _ := sms.NewVoice(options(tw.URL))
	for _, sender := range []notify.Sender{s, v} {
		retry, err := sender.Send(context.Background(), page("0044 7700 900123"))
		if p, ok := problem.As(err); retry || !ok || p.Field != "to" {
			t.Errorf("%s: Send = %v, %v; want a final refusal naming to", sender.Channel(), retry, err)
		}
	}
	if n := len(tw.requests()); n != 0 {
		t.Fatalf("provider got %d requests", n)
	}
}

func TestOptionsNameTheField(t *testing.T) {
	tests := []struct {
		edit  func(*sms.Options)
		field string
	}{
		{func(o *sms.Options) { o.BaseURL = "ftp://api.example.com" }, "base_url"},
		{func(o *sms.Options) { o.BaseURL = "https://user:pw@api.example.com" }, "base_url"},
		{func(o *sms.Options) { o.AccountSID = "" }, "account_sid"},
		{func(o *sms.Options) { o.AccountSID = "AC1/../x" }, "account_sid"},
		{func(o *sms.Options) { o.AuthToken = "" }, "auth_token"},
		{func(o *sms.Options) { o.From = "4155550100" }, "from"},
	}
	for _, tt := range tests {
		o := options("https://api.example.com")
		tt.edit(&o)
		_, err := sms.New(o)
		if p, ok := problem.As(err); !ok || p.Field != tt.field {
			t.Errorf("New = %v, want Invalid naming %q", err, tt.field)
		}
	}
	if s, err := sms.New(options("")); err != nil || s.Channel() != notify.ChannelSMS {
		t.Fatalf("default base URL: %v", err)
	}
}

func TestLongTextsKeepTheirLinks(t *testing.T) {
	m := page("+447700900123")
	m.Body = strings.Repeat("disk full on db-eu-3. ", 100)
	text := sms.Text(m)
	if n := len([]rune(text)); n > sms.MaxText {
		t.Fatalf("%d runes", n)
	}
	if !strings.HasSuffix(text, "Resolve: https://sitrep.example.com/a/resolve-token") {
		t.Fatalf("links lost: %q", text)
	}
}
