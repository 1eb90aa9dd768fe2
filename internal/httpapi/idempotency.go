package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/store"
)

// Idempotency keys are kept a day: long enough for any client retry loop.
const (
	idempotencyTTL    = 24 * time.Hour
	maxIdempotencyKey = 255
	maxReplayBody     = 1 << 20
)

// idempotent honours Idempotency-Key on POST. The first request with a key is
// recorded as in progress before it runs and its answer is stored after; a
// repeat with the same body gets the stored answer, a repeat with a different
// body is refused, and a repeat while the first still runs gets 409. If the
// process dies between the write and storing the answer, the key stays "in
// progress": a retry is refused (409) rather than applied twice.
func (s *Server) idempotent(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		p, ok := auth.FromContext(r.Context())
		if r.Method != http.MethodPost || key == "" || !ok {
			next.ServeHTTP(w, r)
			return
		}
		if len(key) > maxIdempotencyKey {
			writeProblem(w, http.StatusBadRequest, "Idempotency-Key must be at most 255 characters")
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxReplayBody))
		if err != nil {
			writeProblem(w, http.StatusRequestEntityTooLarge, "request body too large (1 MiB at most)")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		sum := sha256.Sum256(append([]byte(r.Method+" "+r.URL.RequestURI()+"\n"), body...))
		hash := hex.EncodeToString(sum[:])
		if s.replay(w, r, p.UserID, key, hash) {
			return
		}
		rec := &capture{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		s.finish(r, p.UserID, key, rec)
	})
}

// replay answers from a stored record, or claims the key and returns false.
func (s *Server) replay(w http.ResponseWriter, r *http.Request, principal int64, key, hash string) bool {
	ctx := r.Context()
	now := s.deps.Clock.Now()
	var storedHash, contentType string
	var status int
	var body []byte
	err := s.deps.DB.QueryRow(ctx, `SELECT request_hash, status, content_type, body FROM idempotency_keys WHERE principal = ? AND key = ? AND created_at > ?`,
		principal, key, store.Micros(now.Add(-idempotencyTTL))).Scan(&storedHash, &status, &contentType, &body)
	switch {
	case errors.Is(err, store.ErrNotFound):
		cutoff := store.Micros(now.Add(-idempotencyTTL))
		_, _ = s.deps.DB.Exec(ctx, `DELETE FROM idempotency_keys WHERE principal = ? AND key = ? AND created_at <= ?`, principal, key, cutoff)
		_, err = s.deps.DB.Exec(ctx, `INSERT INTO idempotency_keys (principal, key, request_hash, created_at) VALUES (?, ?, ?, ?)`,
			principal, key, hash, store.Micros(now))
		if errors.Is(err, store.ErrConflict) {
			writeProblem(w, http.StatusConflict, "a request with this Idempotency-Key is in progress; retry later")
			return true
		}
		if err != nil {
			writeProblem(w, http.StatusServiceUnavailable, "cannot record the Idempotency-Key; retry shortly")
			return true
		}
		return false
	case err != nil:
		writeProblem(w, http.StatusServiceUnavailable, "cannot read the Idempotency-Key; retry shortly")
		return true
	case storedHash != hash:
		writeProblem(w, http.StatusUnprocessableEntity, "this Idempotency-Key was used for a different request; use a new key")
		return true
	case status == 0:
		writeProblem(w, http.StatusConflict, "a request with this Idempotency-Key is in progress or was interrupted; check the result before retrying with a new key")
		return true
	}
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	}
	w.Header().Set("Idempotent-Replayed", "true")
	w.WriteHeader(status)
	_, _ = w.Write(body)
	return true
}

// finish stores the answer, or frees the key after a server error so that a
// retry can run.
func (s *Server) finish(r *http.Request, principal int64, key string, rec *capture) {
	ctx := r.Context()
	if rec.status >= 500 || rec.status == 0 || rec.overflow {
		_, _ = s.deps.DB.Exec(ctx, `DELETE FROM idempotency_keys WHERE principal = ? AND key = ?`, principal, key)
		return
	}
	_, err := s.deps.DB.Exec(ctx, `UPDATE idempotency_keys SET status = ?, content_type = ?, body = ? WHERE principal = ? AND key = ?`,
		rec.status, rec.Header().Get("Content-Type"), rec.body.Bytes(), principal, key)
	if err != nil {
		s.deps.Logger.WarnContext(ctx, "store idempotent response", "err", err)
	}
	// Expired keys are swept at most once an hour, by whoever stores one.
	now := s.deps.Clock.Now()
	if last := s.lastSweep.Load(); now.Unix()-last > 3600 && s.lastSweep.CompareAndSwap(last, now.Unix()) {
		_, _ = s.deps.DB.Exec(ctx, `DELETE FROM idempotency_keys WHERE created_at < ?`, store.Micros(now.Add(-idempotencyTTL)))
	}
}

// capture passes a response through while keeping a copy of it.
type capture struct {
	http.ResponseWriter
	status   int
	body     bytes.Buffer
	overflow bool
}

func (c *capture) WriteHeader(code int) {
	if c.status == 0 {
		c.status = code
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *capture) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	if c.body.Len()+len(b) <= maxReplayBody {
		c.body.Write(b)
	} else {
		c.overflow = true
	}
	return c.ResponseWriter.Write(b)
}

func (c *capture) Unwrap() http.ResponseWriter { return c.ResponseWriter }
