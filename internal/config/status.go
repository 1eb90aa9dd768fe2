package config

import (
	"fmt"
	"net/url"
	"strings"
)

// Status configures the public status page's subscriptions.
type Status struct {
	// URL is where customers reach the status page, for the links in
	// subscriber mail (confirm, unsubscribe, incident pages). Empty is
	// http:// and --public-listen.
	URL string
}

var statusOptions = []Option{
	{Flag: "status-url", Env: "SITREP_STATUS_URL", Usage: "URL customers reach the public status page at, for links in subscriber mail; default http://PUBLIC-LISTEN",
		apply: func(c *Config, v string) error {
			if v == "" {
				return nil
			}
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return fmt.Errorf("must be a URL such as https://status.example.com")
			}
			c.Status.URL = strings.TrimRight(v, "/")
			return nil
		}},
}
