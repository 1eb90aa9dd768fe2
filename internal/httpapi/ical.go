package httpapi

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/oncall"
	"sitrep/internal/problem"
)

// feedTokenIn asks for a new calendar feed token. It remembers how the
// caller reached the server, so that the answer is a URL they can paste into
// a calendar app as it is.
type feedTokenIn struct {
	base string
}

// Resolve records the scheme and host of the request. A proxy in front says
// the scheme in X-Forwarded-Proto; the host is what the caller typed.
func (in *feedTokenIn) Resolve(ctx huma.Context) []error {
	scheme := "http"
	if ctx.TLS() != nil || strings.EqualFold(ctx.Header("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	in.base = scheme + "://" + ctx.Host()
	return nil
}

type scheduleFeedTokenIn struct {
	SchedulePath
	feedTokenIn
}

type userFeedTokenIn struct {
	UserPath
	feedTokenIn
}

type feedTokenOut struct {
	Body struct {
		URL   string `json:"url" doc:"Subscribe to this in a calendar app; shown once. Making a new one stops the old one."`
		Token string `json:"token" doc:"The secret in the URL; shown once"`
	}
}

func feedAnswer(base, path, token string) *feedTokenOut {
	out := &feedTokenOut{}
	out.Body.URL = base + path + "?token=" + url.QueryEscape(token)
	out.Body.Token = token
	return out
}

func (s *Server) icalRoutes() {
	tags := []string{"schedules"}
	register(s, auth.Responder, huma.Operation{OperationID: "create-schedule-feed", Method: http.MethodPost, Path: "/api/v1/schedules/{name}/ical-token",
		Summary: "Make the read-only iCal feed URL of a schedule; replaces the previous one", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *scheduleFeedTokenIn) (*feedTokenOut, error) {
			token, err := s.deps.Schedules.CreateFeedToken(ctx, p, in.Name)
			if err != nil {
				return nil, err
			}
			return feedAnswer(in.base, "/ical/schedules/"+url.PathEscape(in.Name)+".ics", token), nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "create-user-feed", Method: http.MethodPost, Path: "/api/v1/users/{handle}/ical-token",
		Summary: "Make the read-only iCal feed URL of a person's shifts on every schedule (your own, or anyone's as admin)", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *userFeedTokenIn) (*feedTokenOut, error) {
			token, err := s.deps.Schedules.CreateUserFeedToken(ctx, p, in.Handle)
			if err != nil {
				return nil, err
			}
			return feedAnswer(in.base, "/ical/users/"+url.PathEscape(in.Handle)+".ics", token), nil
		})
	// The feeds are text/calendar, not JSON, and are read by calendar apps
	// that cannot sign in, so they sit on the mux itself, outside huma and
	// outside the bearer check (see isPublic). The token in the URL is the
	// credential.
	s.mux.HandleFunc("GET /ical/schedules/{file}", func(w http.ResponseWriter, r *http.Request) {
		s.serveFeed(w, r, s.deps.Schedules.ScheduleFeed)
	})
	s.mux.HandleFunc("GET /ical/users/{file}", func(w http.ResponseWriter, r *http.Request) {
		s.serveFeed(w, r, s.deps.Schedules.UserFeed)
	})
}

// feedRequest reads the owner and token of a feed request: "NAME.ics" and
// exactly one token parameter. Anything else is no feed.
func feedRequest(file string, query url.Values) (owner, token string, ok bool) {
	owner, ok = strings.CutSuffix(file, ".ics")
	tokens := query["token"]
	if !ok || owner == "" || len(tokens) != 1 {
		return "", "", false
	}
	return owner, tokens[0], true
}

// serveFeed answers a calendar app. Every refusal is the same 404, whether
// the owner does not exist or the token is wrong, so the feed URLs reveal
// nothing to someone guessing them.
func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request, feed func(context.Context, string, string) (oncall.Calendar, error)) {
	owner, token, ok := feedRequest(r.PathValue("file"), r.URL.Query())
	if !ok {
		writeProblem(w, http.StatusNotFound, "no such calendar feed")
		return
	}
	cal, err := feed(r.Context(), owner, token)
	if problem.Is(err, problem.NotFound) {
		writeProblem(w, http.StatusNotFound, "no such calendar feed")
		return
	}
	var b bytes.Buffer
	if err == nil {
		err = cal.Encode(&b)
	}
	if err != nil {
		s.deps.Logger.ErrorContext(r.Context(), "calendar feed", "path", r.URL.Path, "err", err)
		writeProblem(w, http.StatusInternalServerError, "internal error; the server log has details")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `inline; filename="`+owner+`.ics"`)
	// The URL carries a secret: shared caches must not keep the answer.
	h.Set("Cache-Control", "private, max-age=300")
	_, _ = w.Write(b.Bytes())
}
