package email

import (
	"errors"
	"net/textproto"

	"github.com/wneessen/go-mail"
)

// retryable says whether a failed send may go better later. SMTP says so
// itself: a 4xx reply (greylisting, a full queue, 451 local error) is
// temporary and a 5xx (550 no such user, 535 bad credentials) permanent.
// Without a reply code the conversation broke (refused connection, timeout,
// TLS handshake, dropped line), which waiting may fix.
func retryable(err error) bool {
	var se *mail.SendError
	if errors.As(err, &se) {
		if code := se.ErrorCode(); code != 0 {
			return code/100 == 4
		}
		switch se.Reason {
		case mail.ErrGetSender, mail.ErrGetRcpts, mail.ErrNoUnencoded:
			return false // our message, not the relay, is at fault
		}
		return true
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code/100 == 4
	}
	return true
}
