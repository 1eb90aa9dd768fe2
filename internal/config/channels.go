package config

import (
	"fmt"
	"strconv"
)

// Channels configures how sitrep reaches people. A channel without its
// settings is off: pages to such contact methods fail visibly and say what to
// configure, instead of vanishing.
type Channels struct {
	SMTPHost     string
	SMTPPort     int
	SMTPFrom     string
	SMTPTLS      string
	SMTPUsername string
	SMTPPassword string

	SMSURL     string
	SMSAccount string
	SMSToken   string
	SMSFrom    string

	SlackAPIURL string
	SlackToken  string

	WebhookSecret string
	// AllowPrivate lets webhooks and Slack reach private-network and loopback
	// addresses; link-local and cloud-metadata addresses stay refused.
	AllowPrivate bool
}

var channelOptions = []Option{
	{Flag: "smtp-host", Env: "SITREP_SMTP_HOST", Usage: "SMTP relay for email pages; empty turns email off",
		apply: func(c *Config, v string) error { c.Channels.SMTPHost = v; return nil }},
	{Flag: "smtp-port", Env: "SITREP_SMTP_PORT", Default: "0", Usage: "SMTP port; 0 picks the usual port of --smtp-tls",
		apply: func(c *Config, v string) (err error) {
			c.Channels.SMTPPort, err = strconv.Atoi(v)
			if err == nil && (c.Channels.SMTPPort < 0 || c.Channels.SMTPPort > 65535) {
				err = fmt.Errorf("must be a port number")
			}
			return err
		}},
	{Flag: "smtp-from", Env: "SITREP_SMTP_FROM", Default: "sitrep <sitrep@localhost>", Usage: "From address of email pages",
		apply: func(c *Config, v string) error { c.Channels.SMTPFrom = v; return nil }},
	{Flag: "smtp-tls", Env: "SITREP_SMTP_TLS", Default: "starttls", Usage: "none, starttls or tls",
		apply: func(c *Config, v string) error {
			if v != "none" && v != "starttls" && v != "tls" {
				return fmt.Errorf("must be none, starttls or tls")
			}
			c.Channels.SMTPTLS = v
			return nil
		}},
	{Env: "SITREP_SMTP_USERNAME", EnvOnly: true, Usage: "SMTP user name",
		apply: func(c *Config, v string) error { c.Channels.SMTPUsername = v; return nil }},
	{Env: "SITREP_SMTP_PASSWORD", EnvOnly: true, Secret: true, Usage: "SMTP password",
		apply: func(c *Config, v string) error { c.Channels.SMTPPassword = v; return nil }},
	{Flag: "sms-url", Env: "SITREP_SMS_URL", Usage: "base URL of a Twilio-compatible SMS and voice API; empty turns SMS and voice off",
		apply: func(c *Config, v string) error { c.Channels.SMSURL = v; return nil }},
	{Env: "SITREP_SMS_ACCOUNT", EnvOnly: true, Usage: "SMS provider account SID",
		apply: func(c *Config, v string) error { c.Channels.SMSAccount = v; return nil }},
	{Env: "SITREP_SMS_TOKEN", EnvOnly: true, Secret: true, Usage: "SMS provider auth token",
		apply: func(c *Config, v string) error { c.Channels.SMSToken = v; return nil }},
	{Flag: "sms-from", Env: "SITREP_SMS_FROM", Usage: "sender number of SMS and calls, E.164",
		apply: func(c *Config, v string) error { c.Channels.SMSFrom = v; return nil }},
	{Flag: "slack-api-url", Env: "SITREP_SLACK_API_URL", Default: "https://slack.com/api", Usage: "Slack Web API base URL",
		apply: func(c *Config, v string) error { c.Channels.SlackAPIURL = v; return nil }},
	{Env: "SITREP_SLACK_TOKEN", EnvOnly: true, Secret: true, Usage: "Slack bot token for chat.postMessage; empty allows only incoming webhooks",
		apply: func(c *Config, v string) error { c.Channels.SlackToken = v; return nil }},
	{Env: "SITREP_WEBHOOK_SECRET", EnvOnly: true, Secret: true, Usage: "key that signs outgoing webhooks (X-Sitrep-Signature); empty turns webhooks off",
		apply: func(c *Config, v string) error { c.Channels.WebhookSecret = v; return nil }},
	{Flag: "allow-private-targets", Env: "SITREP_ALLOW_PRIVATE_TARGETS", Default: "false", Usage: "let webhooks reach private-network addresses",
		apply: func(c *Config, v string) (err error) { c.Channels.AllowPrivate, err = strconv.ParseBool(v); return err }},
}
