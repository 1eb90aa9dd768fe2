package config

import (
	"fmt"
	"regexp"
	"strings"
)

// Alerts configures what incoming alerts do until routing rules exist.
type Alerts struct {
	// Policy is the escalation policy every new alert group pages; empty
	// records and groups alerts without paging anyone.
	Policy string
	// GroupBy names the labels whose values make an alert group.
	GroupBy []string
}

var labelName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

var alertOptions = []Option{
	{Flag: "alert-policy", Env: "SITREP_ALERT_POLICY", Usage: "escalation policy that each new alert group pages; empty records alerts without paging",
		apply: func(c *Config, v string) error { c.Alerts.Policy = v; return nil }},
	{Flag: "alert-group-by", Env: "SITREP_ALERT_GROUP_BY", Default: "alertname,region", Usage: "comma-separated labels whose values make an alert group",
		apply: func(c *Config, v string) error {
			c.Alerts.GroupBy = nil
			for _, l := range strings.Split(v, ",") {
				l = strings.TrimSpace(l)
				if !labelName.MatchString(l) {
					return fmt.Errorf("%q is not a label name; write labels such as alertname,region,cluster", l)
				}
				c.Alerts.GroupBy = append(c.Alerts.GroupBy, l)
			}
			return nil
		}},
}
