package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/watch"
)

// HeartbeatView is a heartbeat as the API shows it, with its durations in
// whole seconds.
type HeartbeatView struct {
	watch.Heartbeat
	IntervalSeconds int64 `json:"interval_seconds"`
	GraceSeconds    int64 `json:"grace_seconds"`
}

func viewHeartbeat(h watch.Heartbeat) HeartbeatView {
	return HeartbeatView{Heartbeat: h, IntervalSeconds: int64(h.Interval / time.Second), GraceSeconds: int64(h.Grace / time.Second)}
}

type heartbeatCreateIn struct {
	Body struct {
		Name            string `json:"name" example:"nightly-backup" doc:"Lowercase letters, digits and dashes"`
		Kind            string `json:"kind,omitempty" required:"false" enum:"job,monitoring" doc:"monitoring: the main monitoring's dead-man's switch"`
		IntervalSeconds int64  `json:"interval_seconds" minimum:"10" example:"60" doc:"How often the pings come"`
		GraceSeconds    int64  `json:"grace_seconds,omitempty" required:"false" minimum:"0" doc:"How late a ping may be; min(interval, 300) when empty"`
		Service         string `json:"service,omitempty" required:"false" doc:"Service whose on-call the alert pages (label service)"`
		Severity        string `json:"severity,omitempty" required:"false" example:"critical" doc:"Label severity of the alert; critical when empty"`
		Description     string `json:"description,omitempty" required:"false" doc:"What to do when it fires; goes into the alert"`
	}
}

type heartbeatPatchIn struct {
	HeartbeatPath
	Body struct {
		Kind            *string `json:"kind,omitempty" enum:"job,monitoring"`
		IntervalSeconds *int64  `json:"interval_seconds,omitempty" minimum:"10"`
		GraceSeconds    *int64  `json:"grace_seconds,omitempty" minimum:"1"`
		Service         *string `json:"service,omitempty"`
		Severity        *string `json:"severity,omitempty"`
		Description     *string `json:"description,omitempty"`
	}
}

type HeartbeatPath struct {
	Name string `path:"name" maxLength:"63"`
}

type heartbeatListIn struct {
	Cursor string `query:"cursor" doc:"next_cursor of the previous page"`
	Limit  int    `query:"limit" minimum:"0" maximum:"200"`
}

type heartbeatOut struct{ Body HeartbeatView }

type heartbeatSecretOut struct {
	Body struct {
		HeartbeatView
		Token   string `json:"token" doc:"Shown once; store it now"`
		PingURL string `json:"ping_url" doc:"GET or POST it every interval; append /fail to report a failure"`
	}
}

type heartbeatsOut struct {
	Body struct {
		Heartbeats []HeartbeatView `json:"heartbeats"`
		NextCursor string          `json:"next_cursor,omitempty"`
	}
}

func (s *Server) heartbeatRoutes() {
	s.heartbeatPingRoutes()
	tags := []string{"heartbeats"}
	register(s, auth.Viewer, huma.Operation{OperationID: "list-heartbeats", Method: http.MethodGet, Path: "/api/v1/heartbeats",
		Summary: "List heartbeats with their status and last ping", Tags: tags, Metadata: map[string]any{"query": []string{"cursor", "limit"}}},
		func(ctx context.Context, _ auth.Principal, in *heartbeatListIn) (*heartbeatsOut, error) {
			after, err := parseCursor("cursor", in.Cursor)
			if err != nil {
				return nil, err
			}
			hs, next, err := s.deps.Heartbeats.List(ctx, after, in.Limit)
			if err != nil {
				return nil, err
			}
			out := &heartbeatsOut{}
			out.Body.Heartbeats = make([]HeartbeatView, len(hs))
			for i, h := range hs {
				out.Body.Heartbeats[i] = viewHeartbeat(h)
			}
			out.Body.NextCursor = formatCursor(next)
			return out, nil
		})
	register(s, auth.Admin, huma.Operation{OperationID: "create-heartbeat", Method: http.MethodPost, Path: "/api/v1/heartbeats",
		Summary: "Add a heartbeat; its ping token is shown once", Tags: tags, Metadata: map[string]any{"fields": map[string]string{
			"interval": "body.interval_seconds", "grace": "body.grace_seconds"}}},
		func(ctx context.Context, p auth.Principal, in *heartbeatCreateIn) (*heartbeatSecretOut, error) {
			b := in.Body
			h, secret, err := s.deps.Heartbeats.Create(ctx, p, watch.NewHeartbeat{Name: b.Name, Kind: watch.HeartbeatKind(b.Kind),
				Interval: time.Duration(b.IntervalSeconds) * time.Second, Grace: time.Duration(b.GraceSeconds) * time.Second,
				Service: b.Service, Severity: b.Severity, Description: b.Description})
			return s.heartbeatSecret(h, secret, err)
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "get-heartbeat", Method: http.MethodGet, Path: "/api/v1/heartbeats/{name}",
		Summary: "Show a heartbeat", Tags: tags},
		func(ctx context.Context, _ auth.Principal, in *HeartbeatPath) (*heartbeatOut, error) {
			h, err := s.deps.Heartbeats.Heartbeat(ctx, in.Name)
			return heartbeatResult(h, err)
		})
	register(s, auth.Admin, huma.Operation{OperationID: "change-heartbeat", Method: http.MethodPatch, Path: "/api/v1/heartbeats/{name}",
		Summary: "Change a heartbeat's settings; its token stays", Tags: tags, Metadata: map[string]any{"fields": map[string]string{
			"interval": "body.interval_seconds", "grace": "body.grace_seconds", "kind": "body.kind", "service": "body.service",
			"severity": "body.severity", "description": "body.description"}}},
		func(ctx context.Context, p auth.Principal, in *heartbeatPatchIn) (*heartbeatOut, error) {
			h, err := s.deps.Heartbeats.Update(ctx, p, in.Name, heartbeatPatch(in))
			return heartbeatResult(h, err)
		})
	register(s, auth.Admin, huma.Operation{OperationID: "delete-heartbeat", Method: http.MethodDelete, Path: "/api/v1/heartbeats/{name}",
		Summary: "Remove a heartbeat; a firing alert of it resolves", Tags: tags, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, p auth.Principal, in *HeartbeatPath) (*struct{}, error) {
			return nil, s.deps.Heartbeats.Delete(ctx, p, in.Name)
		})
	register(s, auth.Admin, huma.Operation{OperationID: "rotate-heartbeat-token", Method: http.MethodPost, Path: "/api/v1/heartbeats/{name}/rotate",
		Summary: "Replace a heartbeat's ping token; the old one stops at once", Tags: tags, DefaultStatus: http.StatusOK},
		func(ctx context.Context, p auth.Principal, in *HeartbeatPath) (*heartbeatSecretOut, error) {
			h, secret, err := s.deps.Heartbeats.Rotate(ctx, p, in.Name)
			return s.heartbeatSecret(h, secret, err)
		})
	register(s, auth.Responder, huma.Operation{OperationID: "ping-heartbeat", Method: http.MethodPost, Path: "/api/v1/heartbeats/{name}/ping",
		Summary: "Ping a heartbeat as a signed-in caller", Tags: tags, DefaultStatus: http.StatusOK},
		func(ctx context.Context, p auth.Principal, in *HeartbeatPath) (*heartbeatOut, error) {
			h, err := s.deps.Heartbeats.PingNamed(ctx, p, in.Name)
			return heartbeatResult(h, err)
		})
}

func heartbeatPatch(in *heartbeatPatchIn) watch.HeartbeatPatch {
	b := in.Body
	p := watch.HeartbeatPatch{Service: b.Service, Severity: b.Severity, Description: b.Description}
	if b.Kind != nil {
		k := watch.HeartbeatKind(*b.Kind)
		p.Kind = &k
	}
	if b.IntervalSeconds != nil {
		d := time.Duration(*b.IntervalSeconds) * time.Second
		p.Interval = &d
	}
	if b.GraceSeconds != nil {
		d := time.Duration(*b.GraceSeconds) * time.Second
		p.Grace = &d
	}
	return p
}

func heartbeatResult(h watch.Heartbeat, err error) (*heartbeatOut, error) {
	if err != nil {
		return nil, err
	}
	return &heartbeatOut{Body: viewHeartbeat(h)}, nil
}

func (s *Server) heartbeatSecret(h watch.Heartbeat, secret string, err error) (*heartbeatSecretOut, error) {
	if err != nil {
		return nil, err
	}
	out := &heartbeatSecretOut{}
	out.Body.HeartbeatView, out.Body.Token, out.Body.PingURL = viewHeartbeat(h), secret, s.deps.Heartbeats.PingURL(secret)
	return out, nil
}
