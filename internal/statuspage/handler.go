package statuspage

import (
	"bytes"
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"sitrep/internal/clock"
	"sitrep/internal/store"
)

// TTL is how long a rendered response is served again. Browsers and proxies
// may keep it as long (Cache-Control max-age), so an update reaches a
// customer within about twice this.
const TTL = 5 * time.Second

// maxCached bounds the cache: the few fixed pages plus recent incident pages.
const maxCached = 512

//go:embed templates/*.html static/status.css
var files embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"text": text,
	"when": func(t time.Time) string { return t.UTC().Format("Jan 2, 2006 15:04 UTC") },
	"iso":  func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
}).ParseFS(files, "templates/*.html"))

// Handler serves the public status page. It is read-only and needs no login;
// every path but its own is 404, so the public listener never reaches the API.
type Handler struct {
	store  *Store
	clock  clock.Clock
	logger *slog.Logger
	cache  *cache
	mux    *http.ServeMux
}

var _ http.Handler = (*Handler)(nil)

// New returns a Handler reading db; clk decides what "now" and "fresh" mean.
func New(db *store.DB, clk clock.Clock, logger *slog.Logger) *Handler {
	h := &Handler{store: NewStore(db), clock: clk, logger: logger, cache: newCache(clk, TTL, maxCached), mux: http.NewServeMux()}
	h.mux.HandleFunc("/{$}", h.cached(h.home))
	h.mux.HandleFunc("/feed.atom", h.cached(h.feed))
	h.mux.HandleFunc("/api/summary.json", h.cached(h.summary))
	h.mux.HandleFunc("/incidents/{number}", h.cached(h.incident))
	h.mux.HandleFunc("/static/status.css", h.css)
	return h
}

// ServeHTTP sets the headers every response carries, 404 included.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", CSP)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		http.Error(w, "the status page is read-only", http.StatusMethodNotAllowed)
		return
	}
	h.mux.ServeHTTP(w, r)
}

// render builds one response from the database.
type render func(ctx context.Context, r *http.Request) (response, error)

// cached serves the response of fn for the request's path from the cache.
// It renders with a context of its own, so a reader who hangs up does not
// fail the render that other readers wait for.
func (h *Handler) cached(fn render) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		res, err := h.cache.get(r.URL.Path, func() (response, error) {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 10*time.Second)
			defer cancel()
			return fn(ctx, r)
		})
		if err != nil {
			h.logger.Error("status page", "path", r.URL.Path, "err", err)
			http.Error(w, "The status page is briefly unavailable; try again in a few seconds.", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", res.contentType)
		if res.status == http.StatusOK {
			w.Header().Set("Cache-Control", "public, max-age=15")
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(res.body)))
		w.WriteHeader(res.status)
		_, _ = w.Write(res.body)
	}
}

func (h *Handler) css(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=15")
	http.ServeFileFS(w, r, files, "static/status.css")
}

func renderHTML(status int, name string, data any) (response, error) {
	var b bytes.Buffer
	if err := pages.ExecuteTemplate(&b, name, data); err != nil {
		return response{}, err
	}
	return response{status: status, contentType: "text/html; charset=utf-8", body: b.Bytes()}, nil
}
