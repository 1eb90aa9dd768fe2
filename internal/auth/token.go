package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
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

// NewSecret returns a fresh random token secret.
func NewSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return TokenPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)), nil
}

// hashSecret returns the stored form of a token. Tokens carry 256 random bits,
// so a fast hash is enough: there is nothing to brute-force.
func hashSecret(secret string) string {
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
