// Package client is the public Go client of the sitrep HTTP API. The CLI, the
// end-to-end tests and the benchmarks use it, so it is exercised on every run.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client calls one sitrep server with one API token.
type Client struct {
	base  string
	token string
	http  *http.Client
}

// New returns a client for the server at baseURL (such as
// http://127.0.0.1:8080) authenticating with token.
func New(baseURL, token string) *Client {
	return &Client{base: strings.TrimRight(baseURL, "/"), token: token, http: &http.Client{Timeout: 30 * time.Second}}
}

// WithHTTPClient returns a copy of c that sends requests through h.
func (c *Client) WithHTTPClient(h *http.Client) *Client {
	cp := *c
	cp.http = h
	return &cp
}

// Error is a refusal from the server: an RFC 9457 problem.
type Error struct {
	Status int           `json:"status"`
	Title  string        `json:"title"`
	Detail string        `json:"detail"`
	Errors []ErrorDetail `json:"errors,omitempty"`
}

// ErrorDetail names one offending field.
type ErrorDetail struct {
	Location string `json:"location"`
	Message  string `json:"message"`
	Value    any    `json:"value,omitempty"`
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s", e.Status, e.Title)
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	for _, d := range e.Errors {
		if d.Location != "" && !strings.Contains(e.Detail, d.Message) {
			fmt.Fprintf(&b, "; %s: %s", d.Location, d.Message)
		}
	}
	return b.String()
}

// Request describes one call, for options such as an idempotency key.
type Request struct {
	IdempotencyKey string
}

func (c *Client) do(ctx context.Context, method, path string, query url.Values, in, out any, opts ...Request) error {
	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("%s %s: encode: %w", method, path, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for _, o := range opts {
		if o.IdempotencyKey != "" {
			req.Header.Set("Idempotency-Key", o.IdempotencyKey)
		}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return decodeError(resp)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("%s %s: decode answer: %w", method, path, err)
	}
	return nil
}

func decodeError(resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	e := &Error{Status: resp.StatusCode}
	if json.Unmarshal(b, e) != nil || e.Title == "" {
		e.Title = http.StatusText(resp.StatusCode)
		e.Detail = strings.TrimSpace(string(b))
	}
	e.Status = resp.StatusCode
	return e
}

func itoa(n int64) string { return fmt.Sprint(n) }
