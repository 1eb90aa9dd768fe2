package statuspage

import (
	"context"
	"net/http"
	"strconv"
)

// incident serves one incident's public page. An incident nobody wrote to
// the public about is 404, the same as one that does not exist, so the page
// does not reveal that an internal incident is open.
func (h *Handler) incident(ctx context.Context, r *http.Request) (response, error) {
	n, err := strconv.ParseInt(r.PathValue("number"), 10, 64)
	if err != nil || n <= 0 {
		return renderHTML(http.StatusNotFound, "notfound.html", nil)
	}
	inc, ok, err := h.store.Incident(ctx, n)
	if err != nil {
		return response{}, err
	}
	if !ok {
		return renderHTML(http.StatusNotFound, "notfound.html", nil)
	}
	return renderHTML(http.StatusOK, "incident.html", inc)
}
