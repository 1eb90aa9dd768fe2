package config

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Watch configures the out-of-band watch.
type Watch struct {
	// Canaries are the targets (host:port for a TCP connect, or an http(s)
	// URL) the connectivity guard checks before it calls a probe down. When
	// none of them answers, sitrep raises one "sitrep itself is cut off" alert
	// instead of one per probe. Empty turns the guard off.
	Canaries []string
}

var watchOptions = []Option{
	{Flag: "watch-canaries", Env: "SITREP_WATCH_CANARIES",
		Usage: "comma-separated host:port or http(s) URLs sitrep must reach before it calls a probe down (such as 1.1.1.1:53,8.8.8.8:53); empty turns the connectivity guard off",
		apply: func(c *Config, v string) error {
			c.Watch.Canaries = nil
			for _, t := range strings.Split(v, ",") {
				if t = strings.TrimSpace(t); t == "" {
					continue
				}
				if err := canary(t); err != nil {
					return err
				}
				c.Watch.Canaries = append(c.Watch.Canaries, t)
			}
			return nil
		}},
}

func canary(t string) error {
	if strings.HasPrefix(t, "http://") || strings.HasPrefix(t, "https://") {
		if u, err := url.Parse(t); err != nil || u.Host == "" {
			return fmt.Errorf("%q is not a URL such as https://example.com/", t)
		}
		return nil
	}
	if _, port, err := net.SplitHostPort(t); err != nil || port == "" {
		return fmt.Errorf("%q is neither host:port (such as 1.1.1.1:53) nor an http(s) URL", t)
	}
	return nil
}
