// Package smtptest runs a real SMTP server in process on loopback, built on
// go-smtp, for tests that must read what sitrep mailed: it records every
// message it accepts, can require STARTTLS or implicit TLS and AUTH PLAIN, and
// can be told to refuse with any reply code, so tests see sitrep's SMTP
// client meet both a good relay and a failing one. It is a non-test package
// so that end-to-end tests elsewhere can use it.
package smtptest

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"sync"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options shape the server.
type Options struct {
	// TLS, when set, makes the server offer STARTTLS with this config.
	TLS *tls.Config
	// Implicit makes the server speak TLS from the first byte, as on port
	// 465. It needs TLS.
	Implicit bool
	// Username and Password, when set, make the server require AUTH PLAIN
	// with them before MAIL. Like real relays, it offers AUTH only over TLS.
	Username, Password string
}

// Stage is the SMTP command a refusal answers.
type Stage int

// The stages a test can make the server refuse at.
const (
	StageMail Stage = iota // MAIL FROM
	StageRcpt              // RCPT TO
	StageData              // the end of DATA
)

// Server is a running SMTP server. Its methods are safe for concurrent use.
type Server struct {
	// Addr is the host:port it listens on; Host and Port are its parts.
	Addr string
	Host string
	Port int

	opts Options
	srv  *smtp.Server
	l    net.Listener
	done chan struct{}

	mu       sync.Mutex
	msgs     []Message
	changed  chan struct{} // closed and replaced whenever msgs grows
	failures map[Stage]*smtp.SMTPError
}

// Start listens on a free loopback port and serves until Close.
func Start(opts Options) (*Server, error) {
	if opts.Implicit && opts.TLS == nil {
		return nil, errors.New("smtptest: implicit TLS needs a TLS config")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	if opts.Implicit {
		l = tls.NewListener(l, opts.TLS)
	}
	addr := l.Addr().(*net.TCPAddr)
	s := &Server{
		Addr: addr.String(), Host: addr.IP.String(), Port: addr.Port,
		opts: opts, l: l, done: make(chan struct{}),
		changed: make(chan struct{}), failures: map[Stage]*smtp.SMTPError{},
	}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{s: s}, nil
	}))
	s.srv.Domain = "mx.test"
	s.srv.ErrorLog = discard{}
	if !opts.Implicit {
		s.srv.TLSConfig = opts.TLS
	}
	go func() {
		defer close(s.done)
		s.srv.Serve(l)
	}()
	return s, nil
}

// Close stops the server and closes open connections.
func (s *Server) Close() error {
	err := s.srv.Close()
	// go-smtp closes only the listeners Serve has registered; a Close that
	// comes before the serving goroutine ran would leave it accepting.
	s.l.Close()
	<-s.done
	if errors.Is(err, smtp.ErrServerClosed) {
		return nil
	}
	return err
}

// Refuse makes the server answer the stage's command with code and text from
// now on (451 is a temporary refusal, 550 a permanent one). Code 0 makes it
// accept again.
func (s *Server) Refuse(stage Stage, code int, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == 0 {
		delete(s.failures, stage)
		return
	}
	s.failures[stage] = &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCodeNotSet, Message: text}
}

func (s *Server) refusal(stage Stage) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.failures[stage]; ok {
		return e
	}
	return nil
}

// Messages returns the messages accepted so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait returns the messages once at least n were accepted, or ctx's error.
func (s *Server) Wait(ctx context.Context, n int) ([]Message, error) {
	for {
		s.mu.Lock()
		if len(s.msgs) >= n {
			msgs := append([]Message(nil), s.msgs...)
			s.mu.Unlock()
			return msgs, nil
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (s *Server) record(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
	close(s.changed)
	s.changed = make(chan struct{})
}

// session is one SMTP conversation.
type session struct {
	s      *Server
	authed bool
	from   string
	to     []string
}

var _ smtp.AuthSession = (*session)(nil)

func (x *session) AuthMechanisms() []string {
	if x.s.opts.Username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (x *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain || x.s.opts.Username == "" {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != x.s.opts.Username || pass != x.s.opts.Password {
			return smtp.ErrAuthFailed
		}
		x.authed = true
		return nil
	}), nil
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if x.s.opts.Username != "" && !x.authed {
		return smtp.ErrAuthRequired
	}
	if err := x.s.refusal(StageMail); err != nil {
		return err
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if err := x.s.refusal(StageRcpt); err != nil {
		return err
	}
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if err := x.s.refusal(StageData); err != nil {
		return err
	}
	m, err := parse(x.from, x.to, raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCodeNotSet, Message: "unparseable message: " + err.Error()}
	}
	x.s.record(m)
	return nil
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

// discard keeps the server's connection errors (clients that hang up, as
// the failure tests make them) out of test output.
type discard struct{}

func (discard) Printf(string, ...any) {}
func (discard) Println(...any)        {}
