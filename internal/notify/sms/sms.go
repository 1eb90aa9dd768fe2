// Package sms owns the phone channels: text messages and voice calls through
// a Twilio-compatible HTTP API (Twilio itself, or any provider or proxy that
// speaks its Messages.json and Calls.json resources) at a configurable base
// URL, and the E.164 rule for phone numbers.
package sms

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"sitrep/internal/notify"
	"sitrep/internal/problem"
)

// DefaultBaseURL is Twilio's API.
const DefaultBaseURL = "https://api.twilio.com"

// DefaultTimeout bounds one API call when no client is given.
const DefaultTimeout = 10 * time.Second

// Options configure the provider account both senders use.
type Options struct {
	// BaseURL is the API root, without /2010-04-01; empty is DefaultBaseURL.
	BaseURL string `json:"base_url"`
	// AccountSID and AuthToken are the API credentials (HTTP basic auth).
	AccountSID string `json:"account_sid"`
	AuthToken  string `json:"-"`
	// From is the sending number, in E.164.
	From string `json:"from"`
	// Client makes the calls; nil uses a strict notify.Guard client.
	Client *http.Client `json:"-"`
}

// Validate checks the options and names the field that is wrong.
func (o Options) Validate() error {
	if o.BaseURL != "" {
		u, err := url.Parse(o.BaseURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
			return problem.Invalidf("base_url", "write the provider's API root as https://host, without credentials")
		}
	}
	if o.AccountSID == "" || strings.ContainsAny(o.AccountSID, "/?#% ") {
		return problem.Invalidf("account_sid", "the account SID (such as AC0123...) is required")
	}
	if o.AuthToken == "" {
		return problem.Invalidf("auth_token", "the auth token is required")
	}
	return ValidatePhone("from", o.From)
}

// account is what the SMS and voice senders share: one provider account.
type account struct {
	client *http.Client
	base   string // .../2010-04-01/Accounts/{sid}
	sid    string
	token  string
	from   string
}

func newAccount(o Options) (*account, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	base := strings.TrimSuffix(o.BaseURL, "/")
	if base == "" {
		base = DefaultBaseURL
	}
	c := o.Client
	if c == nil {
		c = notify.Guard{}.Client(DefaultTimeout)
	}
	return &account{
		client: c, sid: o.AccountSID, token: o.AuthToken, from: o.From,
		base: base + "/2010-04-01/Accounts/" + url.PathEscape(o.AccountSID),
	}, nil
}

// post creates a resource (Messages.json, Calls.json). The provider answers
// 201 with the resource, or 4xx/5xx with {"code","message"}.
func (a *account) post(ctx context.Context, resource, key string, form url.Values) (retry bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.base+"/"+resource, strings.NewReader(form.Encode()))
	if err != nil {
		return false, fmt.Errorf("build request: %w", err)
	}
	req.SetBasicAuth(a.sid, a.token)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	// Twilio itself does not deduplicate API calls by key; providers and
	// proxies that do find it here.
	req.Header.Set("Idempotency-Key", key)
	resp, err := a.client.Do(req)
	if resp != nil {
		defer resp.Body.Close()
	}
	retry, _, err = notify.ClassifyHTTP(resp, err)
	return retry, err
}
