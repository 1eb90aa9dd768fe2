package app

import (
	"net/http"

	"sitrep/internal/statuspage"
)

// PublicHandler is the public status page, for its own listener
// (--public-listen). Each call returns a handler with its own response cache,
// so call it once per listener.
func (a *App) PublicHandler() http.Handler {
	return statuspage.New(a.db, a.clock, a.logger)
}
