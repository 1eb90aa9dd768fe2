package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/statedoc"
)

type stateDocIn struct {
	NumberPath
	Cursor string `query:"cursor" doc:"next_cursor of the previous page of workstream sections"`
	Limit  int    `query:"limit" minimum:"0" maximum:"500" doc:"Workstream sections per page (default 100)"`
}

type stateDocOut struct {
	Body statedoc.StateDoc
}

// StateSectionPath names a section of an incident's state document. It is
// exported because huma reads path parameters only from exported embedded
// structs.
type StateSectionPath struct {
	NumberPath
	Section string `path:"section" doc:"what_we_know, theories or guidance"`
}

type stateEditIn struct {
	StateSectionPath
	Body struct {
		Body         string `json:"body" doc:"Markdown; at most 64 KiB"`
		BaseRevision int64  `json:"base_revision" doc:"The revision your text started from (0 for a section never saved); a save made since refuses the edit with 409 and the current revision"`
	}
}

type stateRevisionOut struct {
	Body statedoc.SectionRevision
}

type stateHistoryIn struct {
	StateSectionPath
	Cursor string `query:"cursor"`
	Limit  int    `query:"limit" minimum:"0" maximum:"200"`
}

type stateHistoryOut struct {
	Body struct {
		Revisions  []statedoc.SectionRevision `json:"revisions"`
		NextCursor string                     `json:"next_cursor,omitempty"`
	}
}

func (s *Server) stateDocRoutes() {
	docs := statedoc.NewService(s.deps.DB, s.deps.Incidents.Log(), s.clock())
	register(s, auth.Viewer, huma.Operation{OperationID: "get-state-document", Method: http.MethodGet, Path: "/api/v1/incidents/{number}/state",
		Summary: "Read the living state document: written sections and one section per workstream", Tags: []string{"state document"},
		Metadata: map[string]any{"query": []string{"cursor", "limit"}}},
		func(ctx context.Context, p auth.Principal, in *stateDocIn) (*stateDocOut, error) {
			d, err := docs.Get(ctx, in.Number, statedoc.Page{Cursor: in.Cursor, Limit: in.Limit})
			return &stateDocOut{Body: d}, err
		})
	register(s, auth.Responder, huma.Operation{OperationID: "edit-state-section", Method: http.MethodPut, Path: "/api/v1/incidents/{number}/state/{section}",
		Summary: "Save a section of the state document (commander, communications lead or admin)", Tags: []string{"state document"},
		Errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, p auth.Principal, in *stateEditIn) (*stateRevisionOut, error) {
			r, err := docs.Edit(ctx, p, in.Number, in.Section, in.Body.Body, in.Body.BaseRevision)
			return &stateRevisionOut{Body: r}, err
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "state-section-history", Method: http.MethodGet, Path: "/api/v1/incidents/{number}/state/{section}/history",
		Summary: "List the revisions of a section, newest first", Tags: []string{"state document"},
		Metadata: map[string]any{"query": []string{"cursor", "limit"}}},
		func(ctx context.Context, p auth.Principal, in *stateHistoryIn) (*stateHistoryOut, error) {
			before, err := parseCursor("cursor", in.Cursor)
			if err != nil {
				return nil, err
			}
			revs, next, err := docs.History(ctx, in.Number, in.Section, before, in.Limit)
			if err != nil {
				return nil, err
			}
			out := &stateHistoryOut{}
			out.Body.Revisions, out.Body.NextCursor = revs, formatCursor(next)
			return out, nil
		})
}

// clock is the server's clock; the wall clock when Deps leaves it unset.
func (s *Server) clock() clock.Clock {
	if s.deps.Clock == nil {
		return clock.System{}
	}
	return s.deps.Clock
}
