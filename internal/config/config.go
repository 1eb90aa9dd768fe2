// Package config owns sitrep's server settings: one table of options, each
// settable by flag or SITREP_* environment variable (flag wins), with defaults,
// validation that names the option, and secrets masked when printed.
package config

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// Config is the resolved server configuration.
type Config struct {
	DataDir         string
	DB              string
	Listen          string
	PublicListen    string
	PublicURL       string
	LogLevel        slog.Level
	LogFormat       string
	ShutdownTimeout time.Duration
	BootstrapToken  string
	Channels        Channels
	Alerts          Alerts
	Watch           Watch
	Status          Status
}

// Option is one row of the options table.
type Option struct {
	Flag    string
	Env     string
	Default string
	Usage   string
	Secret  bool
	// EnvOnly options have no flag: secrets do not belong in process lists.
	EnvOnly bool
	apply   func(*Config, string) error
}

// Options is the table of every server option.
var Options = append(append(append(append(coreOptions, channelOptions...), alertOptions...), watchOptions...), statusOptions...)

var coreOptions = []Option{
	{Flag: "data", Env: "SITREP_DATA", Default: "./sitrep-data", Usage: "directory for the SQLite database and admin.token",
		apply: func(c *Config, v string) error { c.DataDir = v; return nonEmpty(v) }},
	{Flag: "db", Env: "SITREP_DB", Usage: "PostgreSQL URL (postgres://...); empty uses SQLite in --data", Secret: true,
		apply: func(c *Config, v string) error {
			if v != "" && !strings.HasPrefix(v, "postgres://") && !strings.HasPrefix(v, "postgresql://") {
				return fmt.Errorf("must be a postgres:// URL, or empty for SQLite")
			}
			c.DB = v
			return nil
		}},
	{Flag: "listen", Env: "SITREP_LISTEN", Default: "127.0.0.1:8080", Usage: "address for the API and UI",
		apply: func(c *Config, v string) error { c.Listen = v; return hostPort(v) }},
	{Flag: "public-listen", Env: "SITREP_PUBLIC_LISTEN", Usage: "address for the public status page (no login); empty serves none",
		apply: func(c *Config, v string) error {
			if c.PublicListen = v; v == "" {
				return nil
			}
			return hostPort(v)
		}},
	{Flag: "public-url", Env: "SITREP_PUBLIC_URL", Usage: "URL people's browsers reach sitrep at, for links in pages; default http://LISTEN",
		apply: func(c *Config, v string) error {
			if v == "" {
				c.PublicURL = "http://" + c.Listen
				return nil
			}
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return fmt.Errorf("must be an http(s) URL such as https://sitrep.example.com")
			}
			c.PublicURL = strings.TrimRight(v, "/")
			return nil
		}},
	{Flag: "log-level", Env: "SITREP_LOG_LEVEL", Default: "info", Usage: "debug, info, warn or error",
		apply: func(c *Config, v string) error { return c.LogLevel.UnmarshalText([]byte(v)) }},
	{Flag: "log-format", Env: "SITREP_LOG_FORMAT", Default: "text", Usage: "text or json",
		apply: func(c *Config, v string) error {
			if v != "text" && v != "json" {
				return fmt.Errorf("must be text or json")
			}
			c.LogFormat = v
			return nil
		}},
	{Flag: "shutdown-timeout", Env: "SITREP_SHUTDOWN_TIMEOUT", Default: "15s", Usage: "how long to drain requests on SIGTERM",
		apply: func(c *Config, v string) (err error) {
			// A negative timeout would silently fall back to the default at
			// shutdown; say so now, while the operator is looking.
			if c.ShutdownTimeout, err = time.ParseDuration(v); err == nil && c.ShutdownTimeout < 0 {
				err = fmt.Errorf("must not be negative")
			}
			return err
		}},
	{Env: "SITREP_BOOTSTRAP_TOKEN", EnvOnly: true, Secret: true, Usage: "admin API token to create on first start instead of a random one",
		apply: func(c *Config, v string) error { c.BootstrapToken = v; return nil }},
}

func nonEmpty(v string) error {
	if v == "" {
		return fmt.Errorf("must not be empty")
	}
	return nil
}

func hostPort(v string) error {
	if _, _, err := net.SplitHostPort(v); err != nil {
		return fmt.Errorf("must be host:port such as 127.0.0.1:8080")
	}
	return nil
}

// Register adds a flag for every option to fs.
func Register(fs *pflag.FlagSet) {
	for _, o := range Options {
		if !o.EnvOnly {
			fs.String(o.Flag, o.Default, o.Usage+" (env "+o.Env+")")
		}
	}
}

// Load resolves every option: a flag given on the command line, else the
// environment, else the default. Errors name the flag and variable.
func Load(fs *pflag.FlagSet, getenv func(string) string) (Config, error) {
	var c Config
	for _, o := range Options {
		v, ok := o.Default, false
		if !o.EnvOnly {
			if f := fs.Lookup(o.Flag); f != nil && f.Changed {
				v, ok = f.Value.String(), true
			}
		}
		if e := getenv(o.Env); !ok && e != "" {
			v = e
		}
		if err := o.apply(&c, v); err != nil {
			return Config{}, fmt.Errorf("%s: %w", o.name(), err)
		}
	}
	return c, nil
}

func (o Option) name() string {
	if o.EnvOnly {
		return o.Env
	}
	return "--" + o.Flag + " (" + o.Env + ")"
}

// Describe lists the options and their resolved values, secrets masked, for
// the start-up log.
func (c Config) Describe() []any {
	db := "sqlite:" + c.DataDir
	if c.DB != "" {
		db = mask(c.DB)
	}
	return []any{"db", db, "listen", c.Listen, "log_level", c.LogLevel.String()}
}

func mask(url string) string {
	at := strings.LastIndex(url, "@")
	scheme := strings.Index(url, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return url
	}
	return url[:scheme+3] + "***" + url[at:]
}
