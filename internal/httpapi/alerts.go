package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/alert"
	"sitrep/internal/auth"
	"sitrep/internal/catalog"
	"sitrep/internal/ingest"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

type listAlertsIn struct {
	Status string `query:"status" doc:"firing or resolved"`
	Cursor string `query:"cursor"`
	Limit  int    `query:"limit" minimum:"0" maximum:"200"`
}

type alertsOut struct {
	Body struct {
		Alerts     []alert.Alert `json:"alerts"`
		NextCursor string        `json:"next_cursor,omitempty"`
	}
}

// alertRoutes mounts alert intake and the alert list. Intake is on the mux
// itself rather than huma: Alertmanager's /api/v2/alerts takes a bare JSON
// array and answers 200 with an empty body, and senders retry anything else.
func (s *Server) alertRoutes() {
	s.mux.Handle("POST /api/v2/alerts", s.intake(catalog.KindAlertmanager, ingest.AlertmanagerV2, false))
	s.mux.Handle("POST /api/v1/alerts", s.intake(catalog.KindGeneric, func(b []byte, _ time.Time) ([]alert.Alert, error) { return ingest.Generic(b) }, true))
	s.mux.Handle("POST /api/v1/alerts/alertmanager", s.intake(catalog.KindAlertmanager, func(b []byte, _ time.Time) ([]alert.Alert, error) { return ingest.AlertmanagerWebhook(b) }, true))
	register(s, auth.Viewer, huma.Operation{OperationID: "list-alerts", Method: http.MethodGet, Path: "/api/v1/alerts",
		Summary: "List alerts, newest first", Tags: []string{"alerts"}, Metadata: map[string]any{"query": []string{"status", "cursor", "limit"}}},
		func(ctx context.Context, p auth.Principal, in *listAlertsIn) (*alertsOut, error) {
			before, err := parseCursor("cursor", in.Cursor)
			if err != nil {
				return nil, err
			}
			as, next, err := s.deps.Alerts.Alerts(ctx, alert.Filter{Status: in.Status, Before: before, Limit: in.Limit})
			if err != nil {
				return nil, err
			}
			out := &alertsOut{}
			out.Body.Alerts, out.Body.NextCursor = as, formatCursor(next)
			return out, nil
		})
}

// intake reads a body of at most ingest.MaxBody, parses it and ingests the
// batch in one transaction. Refusals are problem+json; nothing is stored
// unless the whole batch is accepted.
func (s *Server) intake(kind string, parse func([]byte, time.Time) ([]alert.Alert, error), report bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := auth.FromContext(r.Context())
		if !p.Role.Allows(auth.Responder) {
			writeProblem(w, http.StatusForbidden, "sending alerts needs the responder role; you are "+string(p.Role))
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, ingest.MaxBody))
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeProblem(w, http.StatusRequestEntityTooLarge, "the body is larger than 4 MiB; send fewer alerts per request")
			return
		}
		if err != nil {
			writeProblem(w, http.StatusBadRequest, "cannot read the body: "+err.Error())
			return
		}
		alerts, err := parse(body, s.deps.Clock.Now())
		if err == nil {
			err = scopeIntake(p, kind, alerts)
		}
		if err == nil {
			var res alert.Result
			if res, err = s.deps.Alerts.Ingest(r.Context(), p, alerts); err == nil {
				s.accepted(w, res, report)
				return
			}
		}
		s.refuseAlerts(w, r, err)
	})
}

func (s *Server) accepted(w http.ResponseWriter, res alert.Result, report bool) {
	if !report {
		// Alertmanager answers 200 with no body; its clients expect that.
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(res)
}

// refuseAlerts answers a refused batch. Bad input is a 400 naming the field,
// as senders of alerts treat 4xx as "do not retry" and 5xx as "retry".
func (s *Server) refuseAlerts(w http.ResponseWriter, r *http.Request, err error) {
	if pe, ok := problem.As(err); ok {
		code := http.StatusBadRequest
		if pe.Kind != problem.Invalid {
			code = status(pe.Kind)
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(map[string]any{"title": http.StatusText(code), "status": code, "detail": pe.Error(),
			"errors": []map[string]string{{"location": "body." + pe.Field, "message": pe.Message}}})
		return
	}
	if errors.Is(err, store.ErrConflict) {
		writeProblem(w, http.StatusServiceUnavailable, "another batch changed the same alerts at the same time; retry")
		return
	}
	s.deps.Logger.ErrorContext(r.Context(), "ingest alerts", "err", err)
	writeProblem(w, http.StatusInternalServerError, "internal error; the server log has details")
}
