package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"sitrep/internal/auth"
	"sitrep/internal/event"
)

type timelineIn struct {
	NumberPath
	After string `query:"after" doc:"Sequence number of the last event already read"`
	Limit int    `query:"limit" minimum:"0" maximum:"1000"`
}

type timelineOut struct {
	Body struct {
		Events     []event.Event `json:"events"`
		NextCursor string        `json:"next_cursor,omitempty" doc:"Pass as after to read on; absent at the end"`
	}
}

type streamIn struct {
	NumberPath
	LastEventID string `header:"Last-Event-ID" doc:"Resume after this sequence number"`
	After       string `query:"after" doc:"Start after this sequence number (Last-Event-ID wins)"`
}

// keepAlive is how often an idle stream sends a comment, so that proxies and
// load balancers do not close it.
const keepAlive = 15 * time.Second

func (s *Server) timelineRoutes() {
	register(s, auth.Viewer, huma.Operation{OperationID: "timeline", Method: http.MethodGet, Path: "/api/v1/incidents/{number}/timeline",
		Summary: "Read the timeline in order", Tags: []string{"timeline"}, Metadata: map[string]any{"query": []string{"after", "limit"}}},
		func(ctx context.Context, p auth.Principal, in *timelineIn) (*timelineOut, error) {
			after, err := parseCursor("after", in.After)
			if err != nil {
				return nil, err
			}
			limit := in.Limit
			if limit == 0 {
				limit = 500
			}
			evs, err := s.deps.Incidents.Timeline(ctx, in.Number, after, limit)
			if err != nil {
				return nil, err
			}
			out := &timelineOut{}
			out.Body.Events = evs
			if len(evs) == limit {
				out.Body.NextCursor = strconv.FormatInt(evs[len(evs)-1].Seq, 10)
			}
			return out, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "stream-events", Method: http.MethodGet, Path: "/api/v1/incidents/{number}/events",
		Summary: "Follow the timeline live (Server-Sent Events)", Tags: []string{"timeline"},
		Description: "Each event's SSE id is its sequence number; reconnect with Last-Event-ID to resume without a gap.",
		Metadata:    map[string]any{"query": []string{"after"}},
		Responses:   map[string]*huma.Response{"200": {Description: "text/event-stream", Content: map[string]*huma.MediaType{"text/event-stream": {}}}}},
		func(ctx context.Context, p auth.Principal, in *streamIn) (*huma.StreamResponse, error) {
			cursor := in.After
			if in.LastEventID != "" {
				cursor = in.LastEventID
			}
			after, err := parseCursor("after", cursor)
			if err != nil {
				return nil, err
			}
			if _, err := s.deps.Incidents.Timeline(ctx, in.Number, 0, 1); err != nil {
				return nil, err
			}
			return &huma.StreamResponse{Body: func(hctx huma.Context) { s.stream(hctx, in.Number, after) }}, nil
		})
}

// stream writes the incident's events as SSE until the client goes away, the
// server shuts down, or the client lags too far (it then reconnects).
func (s *Server) stream(hctx huma.Context, number, after int64) {
	r, w := humago.Unwrap(hctx)
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	var mu sync.Mutex
	write := func(format string, args ...any) error {
		mu.Lock()
		defer mu.Unlock()
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			cancel()
			return err
		}
		if err := rc.Flush(); err != nil {
			cancel()
			return err
		}
		return nil
	}
	if write("retry: 2000\n\n") != nil {
		return
	}
	go func() {
		t := time.NewTicker(keepAlive)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				_ = write(": keep-alive\n\n")
			}
		}
	}()
	err := s.deps.Incidents.Follow(ctx, number, after, func(ev event.Event) error {
		data, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		return write("id: %d\nevent: %s\ndata: %s\n\n", ev.Seq, ev.Kind, data)
	})
	if errors.Is(err, event.ErrLagged) || errors.Is(err, event.ErrClosed) {
		_ = write("event: reconnect\ndata: %q\n\n", err.Error())
	}
}
