package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"sitrep/internal/problem"
)

// TokenPrefix starts every API token, so that secret scanners can spot a leaked one.
const TokenPrefix = "sitrep_"

// Token describes an API token; the secret itself is never stored.
type Token struct {
	ID        int64     `json:"id"`
	User      string    `json:"user"`
	Name      string    `json:"name"`
	Prefix    string    `json:"prefix"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

// NewSecret returns a fresh random API token secret.
func NewSecret() (string, error) { return NewBearer(TokenPrefix) }

// NewBearer returns a fresh secret that is itself the credential (API tokens,
// integration keys, heartbeat ping URLs, calendar feeds, brief links): the
// prefix, which tells the kinds apart in logs and secret scanners, then 256
// random bits in lower-case unpadded base32.
func NewBearer(prefix string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make secret: %w", err)
	}
	return prefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)), nil
}

// HashSecret returns the stored form of a bearer secret. It carries 256
// random bits, so a fast hash is enough: there is nothing to brute-force, and
// a lookup by hash compares nothing an attacker can time.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func secretPrefix(secret string) string {
	return secret[:min(len(secret), len(TokenPrefix)+6)]
}

// checkSecret refuses a bootstrap token that is too weak to guard an admin.
func checkSecret(secret string) error {
	if len(secret) < 24 || len(secret) > 256 {
		return problem.Invalidf("SITREP_BOOTSTRAP_TOKEN", "must be 24-256 characters")
	}
	return nil
}
