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
	"text":   text,
	"bars":   BarsSVG,
	"status": StatusLabel,
	"when":   func(t time.Time) string { return t.UTC().Format("Jan 2, 2006 15:04 UTC") },
	"iso":    func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
}).ParseFS(files, "templates/*.html"))

// Handler serves the public status page. It needs no login and changes
// nothing but subscriptions (the only paths that take a POST); every path but
// its own is 404, so the public listener never reaches the API.
type Handler struct {
	svc    *Service
	store  *Store
	clock  clock.Clock
	logger *slog.Logger
	cache  *cache
	mux    *http.ServeMux
}

var _ http.Handler = (*Handler)(nil)

// New returns a Handler over svc; svc's clock decides what "now" and
// "fresh" mean.
func New(svc *Service, logger *slog.Logger) *Handler {
	clk := svc.clock
	h := &Handler{svc: svc, store: NewStore(svc.db), clock: clk, logger: logger, cache: newCache(clk, TTL, maxCached), mux: http.NewServeMux()}
	h.mux.HandleFunc("GET /{$}", h.cached(h.home))
	h.mux.HandleFunc("GET /feed.atom", h.cached(h.feed))
	h.mux.HandleFunc("GET /api/summary.json", h.cached(h.summary))
	h.mux.HandleFunc("GET /incidents/{number}", h.cached(h.incident))
	h.mux.HandleFunc("GET /static/status.css", h.css)
	h.mux.HandleFunc("POST /subscribe", h.subscribe)
	h.mux.HandleFunc("GET /subscribe/confirm/{token}", h.linkPage(false))
	h.mux.HandleFunc("POST /subscribe/confirm/{token}", h.confirm)
	h.mux.HandleFunc("GET /unsubscribe/{token}", h.linkPage(true))
	h.mux.HandleFunc("POST /unsubscribe/{token}", h.unsubscribe)
	return h
}

// ServeHTTP sets the headers every response carries, 404 included.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", CSP)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	if r.Method != http.MethodGet && r.Method != http.MethodHead && !(r.Method == http.MethodPost && postable(r.URL.Path)) {
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
		body := res.body
		if res.gz != nil {
			w.Header().Set("Vary", "Accept-Encoding")
			if acceptsGzip(r) {
				w.Header().Set("Content-Encoding", "gzip")
				body = res.gz
			}
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(res.status)
		_, _ = w.Write(body)
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
