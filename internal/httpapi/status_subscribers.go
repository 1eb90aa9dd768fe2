package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/statuspage"
)

// StatusSubscriberPath names one status page subscriber.
type StatusSubscriberPath struct {
	ID int64 `path:"id" minimum:"1" doc:"Subscriber id"`
}

type statusSubscriberCreateIn struct {
	Body struct {
		URL string `json:"url" maxLength:"2048" example:"https://hooks.example.com/status" doc:"Receives a signed JSON POST for each public update, resolution and maintenance notice"`
	}
}

type statusSubscriberListIn struct {
	After int64 `query:"after" minimum:"0" doc:"Id of the last subscriber of the previous page"`
	Limit int   `query:"limit" minimum:"0" maximum:"500"`
}

type statusSubscriberOut struct{ Body statuspage.Subscriber }

type statusSubscribersOut struct {
	Body struct {
		Subscribers []statuspage.Subscriber `json:"subscribers"`
	}
}

// Subscribers are personal data (email addresses) and credentials (webhook
// URLs): every route is admin-only.
func (s *Server) statusSubscriberRoutes(tags []string) {
	register(s, auth.Admin, huma.Operation{OperationID: "list-status-subscribers", Method: http.MethodGet, Path: "/api/v1/status/subscribers",
		Summary: "List status page subscribers, email and webhook", Tags: tags, Metadata: map[string]any{"query": []string{"after", "limit"}}},
		func(ctx context.Context, _ auth.Principal, in *statusSubscriberListIn) (*statusSubscribersOut, error) {
			subs, err := s.deps.Status.Subscribers(ctx, in.After, in.Limit)
			out := &statusSubscribersOut{}
			out.Body.Subscribers = subs
			return out, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "create-status-subscriber", Method: http.MethodPost, Path: "/api/v1/status/subscribers",
		Summary: "Add a webhook subscriber; the signing secret is shown only in this answer", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *statusSubscriberCreateIn) (*statusSubscriberOut, error) {
			sub, err := s.deps.Status.CreateWebhookSubscriber(ctx, p, in.Body.URL)
			return &statusSubscriberOut{Body: sub}, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "delete-status-subscriber", Method: http.MethodDelete, Path: "/api/v1/status/subscribers/{id}",
		Summary: "Remove a subscriber and what is queued for it", Tags: tags, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, p auth.Principal, in *StatusSubscriberPath) (*struct{}, error) {
			return nil, s.deps.Status.DeleteSubscriber(ctx, p, in.ID)
		})
}
