// Package problem owns the reasons a request is refused: invalid input naming
// its field, something not found, a conflict with the current state, or an
// action the caller may not take. Domain packages return these; the HTTP layer
// turns them into RFC 9457 problem details and the CLI prints their message.
package problem

import (
	"errors"
	"fmt"
)

// Kind says why a request was refused.
type Kind int

// The kinds of refusal.
const (
	Invalid Kind = iota + 1
	NotFound
	Conflict
	Forbidden
	Unauthorized
)

// Error is a refusal with a message that tells the caller what to do next.
// Field names the offending input (for example "severity" or "user"), when there is one.
type Error struct {
	Kind    Kind
	Field   string
	Message string
	Value   any
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

func newf(k Kind, field, format string, args ...any) *Error {
	return &Error{Kind: k, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Invalidf refuses input in field.
func Invalidf(field, format string, args ...any) *Error {
	return newf(Invalid, field, format, args...)
}

// NotFoundf reports that what field names does not exist.
func NotFoundf(field, format string, args ...any) *Error {
	return newf(NotFound, field, format, args...)
}

// Conflictf refuses a change that the current state does not allow.
func Conflictf(field, format string, args ...any) *Error {
	return newf(Conflict, field, format, args...)
}

// Forbiddenf refuses an action the caller may not take.
func Forbiddenf(format string, args ...any) *Error {
	return newf(Forbidden, "", format, args...)
}

// Unauthorizedf refuses a caller who did not prove who they are.
func Unauthorizedf(format string, args ...any) *Error {
	return newf(Unauthorized, "", format, args...)
}

// As returns the refusal inside err, if there is one.
func As(err error) (*Error, bool) {
	var p *Error
	ok := errors.As(err, &p)
	return p, ok
}

// Is reports whether err is a refusal of kind k.
func Is(err error, k Kind) bool {
	p, ok := As(err)
	return ok && p.Kind == k
}
