package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// storable reports whether s can be stored as text on both databases.
// PostgreSQL refuses NUL and invalid UTF-8 in text columns (SQLSTATE 22021)
// while SQLite accepts them, so without this check the same request would be
// stored on one and answered with a 500 on the other.
func storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

const unstorableMessage = "must be valid UTF-8 text without NUL (\\u0000) characters"

// refuseUnstorable answers 422, naming the field, for a request whose path,
// query or JSON body carries text that the database cannot store. Bodies of
// JSON strings are decoded by huma with invalid UTF-8 already replaced, so
// only an escaped NUL can reach the database from there.
func (s *Server) refuseUnstorable(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		loc := s.unstorablePath(r)
		if loc == "" {
			loc = unstorableQuery(r.URL.Query())
		}
		if loc == "" && r.Body != nil && r.Body != http.NoBody {
			// Bodies over huma's limit pass through unread; huma refuses them.
			head, err := io.ReadAll(io.LimitReader(r.Body, maxReplayBody+1))
			r.Body = struct {
				io.Reader
				io.Closer
			}{io.MultiReader(bytes.NewReader(head), r.Body), r.Body}
			if err == nil && bytes.Contains(head, []byte(`\u0000`)) {
				loc = unstorableJSON(head)
			}
		}
		if loc == "" {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusUnprocessableEntity)
		_ = json.NewEncoder(w).Encode(map[string]any{
			"title":  http.StatusText(http.StatusUnprocessableEntity),
			"status": http.StatusUnprocessableEntity,
			"detail": loc + ": " + unstorableMessage,
			"errors": []map[string]string{{"location": loc, "message": unstorableMessage}},
		})
	})
}

// unstorablePath names the path parameter holding unstorable text, using the
// pattern the mux would route to ("path" alone when no pattern names it).
func (s *Server) unstorablePath(r *http.Request) string {
	segs := strings.Split(r.URL.EscapedPath(), "/")
	_, pattern := s.mux.Handler(r)
	_, pattern, _ = strings.Cut(pattern, " ")
	names := strings.Split(pattern, "/")
	for i, seg := range segs {
		v, err := url.PathUnescape(seg)
		if err != nil || storable(v) {
			continue
		}
		if i < len(names) && strings.HasPrefix(names[i], "{") {
			return "path." + strings.TrimSuffix(strings.Trim(names[i], "{}"), "...")
		}
		return "path"
	}
	return ""
}

func unstorableQuery(q url.Values) string {
	for k, vs := range q {
		for _, v := range vs {
			if !storable(v) {
				return "query." + k
			}
		}
	}
	return ""
}

// unstorableJSON returns the location of the first string (or key) holding a
// NUL, or "" when there is none or the body is not JSON (huma refuses that).
func unstorableJSON(body []byte) string {
	var v any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if d.Decode(&v) != nil {
		return ""
	}
	return findNUL("body", v)
}

func findNUL(at string, v any) string {
	switch v := v.(type) {
	case string:
		if strings.ContainsRune(v, 0) {
			return at
		}
	case []any:
		for i, e := range v {
			if loc := findNUL(at+"["+strconv.Itoa(i)+"]", e); loc != "" {
				return loc
			}
		}
	case map[string]any:
		for k, e := range v {
			if strings.ContainsRune(k, 0) {
				return at
			}
			if loc := findNUL(at+"."+k, e); loc != "" {
				return loc
			}
		}
	}
	return ""
}
