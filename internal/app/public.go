package app

import (
	"context"
	"fmt"
	"net/http"

	"sitrep/internal/notify"
	"sitrep/internal/notify/email"
	"sitrep/internal/statuspage"
)

// PublicHandler is the public status page, for its own listener
// (--public-listen). Each call returns a handler with its own response cache,
// so call it once per listener.
func (a *App) PublicHandler() http.Handler {
	return statuspage.New(a.Status, a.logger)
}

// startStatus builds the status page service and, unless the caller drives
// delivery itself (ManualEngine, then Status.Tick), runs its notifier. Mail
// goes through the configured email channel: a test's email sender, else
// the SMTP relay; with neither, email subscriptions are off.
func (a *App) startStatus(ctx, bg context.Context, opts Options) error {
	var mail notify.Sender
	for _, s := range opts.Senders {
		if s.Channel() == notify.ChannelEmail {
			mail = s
		}
	}
	c := a.cfg.Channels
	if opts.Senders == nil && c.SMTPHost != "" {
		s, err := email.New(email.Config{Host: c.SMTPHost, Port: c.SMTPPort, From: c.SMTPFrom, TLS: email.TLSMode(c.SMTPTLS),
			Username: c.SMTPUsername, Password: c.SMTPPassword}, a.clock.Now)
		if err != nil {
			return fmt.Errorf("status page email: %w", err)
		}
		mail = s
	}
	base := a.cfg.Status.URL
	switch {
	case base != "":
	case a.cfg.PublicListen != "":
		base = "http://" + a.cfg.PublicListen
	default:
		base = a.cfg.PublicURL
	}
	a.Status = statuspage.NewService(a.db, a.log, a.clock, statuspage.Options{Mail: mail, BaseURL: base,
		Guard: notify.Guard{AllowPrivate: c.AllowPrivate}, Logger: a.logger})
	if err := a.Status.LoadSecret(ctx); err != nil {
		return err
	}
	if !opts.ManualEngine {
		a.wg.Add(1)
		go func() {
			defer a.wg.Done()
			a.Status.Run(bg)
		}()
	}
	return nil
}
