package config_test

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"sitrep/internal/config"
)

func load(t *testing.T, args []string, env map[string]string) (config.Config, error) {
	t.Helper()
	fs := pflag.NewFlagSet("sitrep", pflag.ContinueOnError)
	config.Register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("parse %v: %v", args, err)
	}
	return config.Load(fs, func(k string) string { return env[k] })
}

// An operator sets SITREP_LISTEN in the unit file and overrides it on the
// command line while debugging; the flag wins, the environment beats the
// default, and the default applies when neither is given.
func TestFlagBeatsEnvBeatsDefault(t *testing.T) {
	env := map[string]string{"SITREP_LISTEN": "0.0.0.0:8080", "SITREP_LOG_LEVEL": "debug", "SITREP_DATA": "/var/lib/sitrep"}
	c, err := load(t, []string{"--listen", "127.0.0.1:9090"}, env)
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:9090" {
		t.Errorf("listen %q, want the flag's 127.0.0.1:9090", c.Listen)
	}
	if c.LogLevel != slog.LevelDebug || c.DataDir != "/var/lib/sitrep" {
		t.Errorf("log level %v, data %q; want the environment's debug and /var/lib/sitrep", c.LogLevel, c.DataDir)
	}
	if c.ShutdownTimeout != 15*time.Second || c.LogFormat != "text" || c.DB != "" {
		t.Errorf("defaults: shutdown %v, format %q, db %q", c.ShutdownTimeout, c.LogFormat, c.DB)
	}
	// A flag given explicitly with the default value still beats the environment.
	c, err = load(t, []string{"--listen=127.0.0.1:8080"}, env)
	if err != nil || c.Listen != "127.0.0.1:8080" {
		t.Errorf("explicit default flag: listen %q, %v", c.Listen, err)
	}
}

func TestBadValuesNameTheOption(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--listen", "8080"}, nil, "--listen (SITREP_LISTEN)"},
		{nil, map[string]string{"SITREP_LISTEN": "localhost"}, "--listen (SITREP_LISTEN)"},
		{nil, map[string]string{"SITREP_DB": "mysql://sitrep:hunter2@db/sitrep"}, "--db (SITREP_DB)"},
		{nil, map[string]string{"SITREP_LOG_LEVEL": "verbose"}, "--log-level (SITREP_LOG_LEVEL)"},
		{[]string{"--log-format", "logfmt"}, nil, "--log-format (SITREP_LOG_FORMAT)"},
		{nil, map[string]string{"SITREP_SHUTDOWN_TIMEOUT": "15"}, "--shutdown-timeout (SITREP_SHUTDOWN_TIMEOUT)"},
		{nil, map[string]string{"SITREP_SHUTDOWN_TIMEOUT": "-5s"}, "--shutdown-timeout (SITREP_SHUTDOWN_TIMEOUT)"},
		{[]string{"--data="}, nil, "--data (SITREP_DATA)"},
	}
	for _, c := range cases {
		_, err := load(t, c.args, c.env)
		if err == nil || !strings.HasPrefix(err.Error(), c.want+": ") {
			t.Errorf("args %v env %v: %v; want an error starting %q", c.args, c.env, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("error %q shows a password", err)
		}
	}
}

// The bootstrap token has no flag (it would show in ps), and the start-up
// log never shows a password.
func TestSecretsStayOutOfFlagsAndLogs(t *testing.T) {
	fs := pflag.NewFlagSet("sitrep", pflag.ContinueOnError)
	config.Register(fs)
	if fs.Lookup("bootstrap-token") != nil {
		t.Fatal("the bootstrap token must not be a flag")
	}
	c, err := load(t, nil, map[string]string{"SITREP_DB": "postgres://sitrep:hunter2@db.eu1:5432/sitrep", "SITREP_BOOTSTRAP_TOKEN": "sitrep_from-vault-0123456789abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	if c.BootstrapToken != "sitrep_from-vault-0123456789abcdef" {
		t.Fatalf("bootstrap token %q", c.BootstrapToken)
	}
	var b strings.Builder
	slog.New(slog.NewTextHandler(&b, nil)).Info("start", c.Describe()...)
	if s := b.String(); strings.Contains(s, "hunter2") || strings.Contains(s, "from-vault") || !strings.Contains(s, "db.eu1") {
		t.Fatalf("start-up log %q: want the database host without its password or the token", s)
	}
}

// Environment values come from unit files, Helm charts and typos: Load must
// never panic, and any refusal names the variable that was wrong.
func FuzzLoadEnv(f *testing.F) {
	for i, o := range config.Options {
		for _, v := range []string{"", " ", o.Default, "postgres://u:p@h/d", "[::1]:80", "1h", "-1s", "DEBUG", "json", "\x00", "%zz"} {
			f.Add(uint8(i), v)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, value string) {
		o := config.Options[int(which)%len(config.Options)]
		fs := pflag.NewFlagSet("sitrep", pflag.ContinueOnError)
		config.Register(fs)
		_, err := config.Load(fs, func(k string) string {
			if k == o.Env {
				return value
			}
			return ""
		})
		if err != nil && !strings.Contains(err.Error(), o.Env) {
			t.Fatalf("%s=%q refused without naming it: %v", o.Env, value, err)
		}
	})
}
