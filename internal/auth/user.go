// Package auth owns who may do what: users and their roles, local passwords
// (argon2id), API tokens (stored as hashes, shown once), the first-start admin,
// and the checks that turn a bearer token or password into a Principal.
package auth

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"sitrep/internal/problem"
)

// Role orders what a user may do: viewer < responder < admin.
type Role string

// The roles.
const (
	Viewer    Role = "viewer"
	Responder Role = "responder"
	Admin     Role = "admin"
)

func (r Role) rank() int {
	switch r {
	case Viewer:
		return 1
	case Responder:
		return 2
	case Admin:
		return 3
	}
	return 0
}

// Allows reports whether r grants at least min.
func (r Role) Allows(min Role) bool { return r.rank() >= min.rank() && min.rank() > 0 }

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool { return r.rank() > 0 }

// User is a person who can sign in or hold an API token.
type User struct {
	ID        int64     `json:"-"`
	Handle    string    `json:"handle"`
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	Role      Role      `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

// Principal is the authenticated caller of a request.
type Principal struct {
	UserID int64
	Handle string
	Role   Role
	// TokenID is the API token used, if any.
	TokenID int64
	// Session identifies the browser session used, if any (a hash, not the
	// secret).
	Session string
	// Intake is set for an integration key: the one kind of alert intake it
	// may post to, and IntakeService the service label it adds.
	Intake, IntakeService string
}

// NewUser is what it takes to create a user.
type NewUser struct {
	Handle   string
	Name     string
	Email    string
	Role     Role
	Password string
}

var handlePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)

// Validate checks a new user's fields, naming the first one that is wrong.
func (u NewUser) Validate() error {
	if !handlePattern.MatchString(u.Handle) {
		return problem.Invalidf("handle", "must be 1-63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit")
	}
	if strings.TrimSpace(u.Name) == "" || utf8.RuneCountInString(u.Name) > 200 {
		return problem.Invalidf("name", "must be 1-200 characters")
	}
	if len(u.Email) > 254 {
		return problem.Invalidf("email", "must be at most 254 characters")
	}
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
		return problem.Invalidf("email", "%q is not an email address like laura@example.com", u.Email)
	}
	if !u.Role.Valid() {
		return problem.Invalidf("role", "must be viewer, responder or admin")
	}
	if u.Password != "" && (len(u.Password) < 12 || len(u.Password) > 1024) {
		return problem.Invalidf("password", "must be 12-1024 characters")
	}
	return nil
}
