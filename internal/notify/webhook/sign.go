package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// signaturePrefix names the algorithm, so that a later one can be added
// without breaking receivers.
const signaturePrefix = "sha256="

// Errors Verify returns.
var (
	ErrNoSignature  = errors.New("webhook: the request is not signed")
	ErrBadSignature = errors.New("webhook: the signature does not match")
	ErrStale        = errors.New("webhook: the timestamp is too far from now")
)

// DefaultTolerance is how far a delivery's timestamp may be from the
// receiver's clock. It bounds replays while allowing for clock skew.
const DefaultTolerance = 5 * time.Minute

// Sign returns the X-Sitrep-Signature value for body sent at timestamp:
// "sha256=" and the hex HMAC-SHA256, keyed with secret, of
// timestamp + "." + body. The timestamp is inside the signature so that a
// captured delivery cannot be replayed later with a fresh timestamp.
func Sign(secret []byte, timestamp string, body []byte) string {
	return signaturePrefix + hex.EncodeToString(mac(secret, timestamp, body))
}

func mac(secret []byte, timestamp string, body []byte) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(timestamp))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}

// Verify checks a delivery as a receiver would: signature is the
// X-Sitrep-Signature header, timestamp the X-Sitrep-Timestamp header (Unix
// seconds), body the raw request body. It accepts only a matching signature
// whose timestamp is within tolerance of now. Receivers should still drop
// duplicates by the Idempotency-Key header: delivery is at least once.
func Verify(secret []byte, timestamp, signature string, body []byte, now time.Time, tolerance time.Duration) error {
	if signature == "" || timestamp == "" {
		return ErrNoSignature
	}
	if len(secret) == 0 {
		// With no secret anybody can compute the signature; a receiver
		// configured so must not believe any.
		return ErrBadSignature
	}
	hexSig, ok := strings.CutPrefix(signature, signaturePrefix)
	if !ok {
		return ErrBadSignature
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil || len(got) != sha256.Size {
		return ErrBadSignature
	}
	if !hmac.Equal(got, mac(secret, timestamp, body)) {
		return ErrBadSignature
	}
	// The timestamp is checked after the signature so that nobody learns
	// anything about the clock window from unsigned requests.
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return ErrStale
	}
	sent := time.Unix(sec, 0)
	if d := now.Sub(sent); d > tolerance || d < -tolerance {
		return ErrStale
	}
	return nil
}
