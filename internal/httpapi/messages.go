package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/incident"
)

type postMessageIn struct {
	NumberPath
	Body struct {
		Body       string `json:"body"`
		Workstream int64  `json:"workstream,omitempty" required:"false" doc:"Workstream id; the incident channel when empty"`
	}
}

type messageOut struct {
	Body incident.Message
}

type listMessagesIn struct {
	NumberPath
	Workstream int64  `query:"workstream" minimum:"0"`
	Cursor     string `query:"cursor"`
	Limit      int    `query:"limit" minimum:"0" maximum:"500"`
}

type messagesOut struct {
	Body struct {
		Messages   []incident.Message `json:"messages"`
		NextCursor string             `json:"next_cursor,omitempty"`
	}
}

func (s *Server) messageRoutes() {
	register(s, auth.Responder, huma.Operation{OperationID: "post-message", Method: http.MethodPost, Path: "/api/v1/incidents/{number}/messages",
		Summary: "Post to the incident channel or a workstream's channel", Tags: []string{"messages"}},
		func(ctx context.Context, p auth.Principal, in *postMessageIn) (*messageOut, error) {
			m, err := s.deps.Incidents.PostMessage(ctx, p, in.Number, in.Body.Workstream, in.Body.Body)
			return &messageOut{Body: m}, err
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-messages", Method: http.MethodGet, Path: "/api/v1/incidents/{number}/messages",
		Summary: "Read a channel oldest first", Tags: []string{"messages"},
		Metadata: map[string]any{"query": []string{"workstream", "cursor", "limit"}}},
		func(ctx context.Context, p auth.Principal, in *listMessagesIn) (*messagesOut, error) {
			after, err := parseCursor("cursor", in.Cursor)
			if err != nil {
				return nil, err
			}
			ms, next, err := s.deps.Incidents.Messages(ctx, in.Number, in.Workstream, after, in.Limit)
			if err != nil {
				return nil, err
			}
			out := &messagesOut{}
			out.Body.Messages, out.Body.NextCursor = ms, formatCursor(next)
			return out, nil
		})
}
