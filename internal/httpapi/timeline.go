package httpapi

import (
	"context"
	"net/http"
	"strconv"

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
			return &huma.StreamResponse{Body: func(hctx huma.Context) {
				r, w := humago.Unwrap(hctx)
				s.stream(w, r, p, in.Number, after)
			}}, nil
		})
}
