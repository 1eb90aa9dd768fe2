package client

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// TimelinePage is one page of a timeline.
type TimelinePage struct {
	Events     []Event `json:"events"`
	NextCursor string  `json:"next_cursor,omitempty"`
}

// Timeline reads events after seq.
func (c *Client) Timeline(ctx context.Context, number, after int64, limit int) (TimelinePage, error) {
	q := url.Values{}
	if after > 0 {
		q.Set("after", itoa(after))
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var p TimelinePage
	err := c.do(ctx, "GET", "/api/v1/incidents/"+itoa(number)+"/timeline", q, nil, &p)
	return p, err
}

// Follow streams an incident's events after seq to fn until ctx ends or fn
// returns an error. It reconnects with Last-Event-ID after a dropped
// connection, so fn sees every event once, in order.
func (c *Client) Follow(ctx context.Context, number, after int64, fn func(Event) error) error {
	last := after
	backoff := 200 * time.Millisecond
	for {
		err := c.streamOnce(ctx, number, &last, fn)
		var apiErr *Error
		if ctx.Err() != nil || errors.As(err, &apiErr) || errors.Is(err, errStop) {
			if errors.Is(err, errStop) {
				return errors.Unwrap(err)
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

var errStop = errors.New("stopped by callback")

type stopError struct{ err error }

func (s stopError) Error() string   { return s.err.Error() }
func (s stopError) Unwrap() error   { return s.err }
func (s stopError) Is(t error) bool { return t == errStop }

func (c *Client) streamOnce(ctx context.Context, number int64, last *int64, fn func(Event) error) error {
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+"/api/v1/incidents/"+itoa(number)+"/events", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+c.token)
	if *last > 0 {
		req.Header.Set("Last-Event-ID", itoa(*last))
	}
	// Streams outlive the default client timeout.
	h := *c.http
	h.Timeout = 0
	resp, err := h.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return decodeError(resp)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	var data strings.Builder
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "data:"):
			data.WriteString(strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " "))
		case line == "" && data.Len() > 0:
			var ev Event
			if err := json.Unmarshal([]byte(data.String()), &ev); err == nil && ev.Seq > *last {
				if err := fn(ev); err != nil {
					return stopError{err}
				}
				*last = ev.Seq
			}
			data.Reset()
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return fmt.Errorf("stream ended")
}
