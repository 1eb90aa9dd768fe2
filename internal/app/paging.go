package app

import (
	"context"
	"fmt"
	"time"

	"sitrep/internal/config"
	"sitrep/internal/notify"
	"sitrep/internal/notify/email"
	"sitrep/internal/notify/slack"
	"sitrep/internal/notify/sms"
	"sitrep/internal/notify/webhook"
	"sitrep/internal/page"
)

// startPaging builds the page service and its delivery engine, installs the
// severity policies as the incident service's hook, and, unless the caller
// drives the engine itself, runs it in the background.
func (a *App) startPaging(ctx, bg context.Context, opts Options) error {
	deps := page.Deps{BaseURL: a.cfg.PublicURL}
	a.pagingDeps(&deps)
	a.Pages = page.NewService(a.db, a.log, opts.clock(), deps)
	if err := a.Pages.LoadSecret(ctx); err != nil {
		return fmt.Errorf("start paging: %w", err)
	}
	a.Incidents.SetSeverityHook(a.Pages.OnSeverity)
	senders := opts.Senders
	if senders == nil {
		var err error
		if senders, err = channels(a.cfg.Channels); err != nil {
			return fmt.Errorf("start paging: %w", err)
		}
	}
	limits := page.DefaultLimits()
	if opts.Limits != nil {
		limits = *opts.Limits
	}
	a.Engine = page.NewEngine(a.Pages, senders, limits, a.logger)
	if !opts.ManualEngine {
		a.wg.Add(1)
		go func() {
			defer a.wg.Done()
			a.Engine.Run(bg)
		}()
	}
	return nil
}

// channels builds the senders configured for this instance. A channel left
// unconfigured has no sender: its deliveries fail visibly with a message that
// says what to configure.
func channels(c config.Channels) ([]notify.Sender, error) {
	var out []notify.Sender
	guard := notify.Guard{AllowPrivate: c.AllowPrivate}
	if c.SMTPHost != "" {
		s, err := email.New(email.Config{Host: c.SMTPHost, Port: c.SMTPPort, From: c.SMTPFrom, TLS: email.TLSMode(c.SMTPTLS),
			Username: c.SMTPUsername, Password: c.SMTPPassword}, nil)
		if err != nil {
			return nil, fmt.Errorf("email channel: %w", err)
		}
		out = append(out, s)
	}
	if c.SMSURL != "" {
		o := sms.Options{BaseURL: c.SMSURL, AccountSID: c.SMSAccount, AuthToken: c.SMSToken, From: c.SMSFrom, Client: guard.Client(15 * time.Second)}
		text, err := sms.New(o)
		if err != nil {
			return nil, fmt.Errorf("sms channel: %w", err)
		}
		voice, err := sms.NewVoice(o)
		if err != nil {
			return nil, fmt.Errorf("voice channel: %w", err)
		}
		out = append(out, text, voice)
	}
	out = append(out, slack.NewWebhook(guard.Client(15*time.Second)))
	if c.SlackToken != "" {
		bot, err := slack.NewBot(slack.BotOptions{Token: c.SlackToken, BaseURL: c.SlackAPIURL, Client: guard.Client(15 * time.Second)})
		if err != nil {
			return nil, fmt.Errorf("slack channel: %w", err)
		}
		out = append(out, bot)
	}
	if c.WebhookSecret != "" {
		wh, err := webhook.New(webhook.Options{Secret: []byte(c.WebhookSecret), Client: guard.Client(15 * time.Second)})
		if err != nil {
			return nil, fmt.Errorf("webhook channel: %w", err)
		}
		out = append(out, wh)
	}
	return out, nil
}
