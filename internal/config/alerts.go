package config

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Alerts configures what incoming alerts do until routing rules exist.
type Alerts struct {
	// Policy is the escalation policy every new alert group pages; empty
	// records and groups alerts without paging anyone.
	Policy string
	// GroupBy names the labels whose values make an alert group.
	GroupBy []string
	// StormDeclare is the severity of the incident a storm declares when
	// its route names none; empty declares nothing.
	StormDeclare string
	// StormUpdate bounds how often a storm's page is rewritten; zero is
	// the default (a minute).
	StormUpdate time.Duration
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
	{Flag: "alert-storm-declare", Env: "SITREP_ALERT_STORM_DECLARE", Usage: "severity (SEV-1..SEV-5) of the incident an alert storm declares when its route names none; empty declares nothing",
		apply: func(c *Config, v string) error {
			if v != "" && !regexp.MustCompile(`^SEV-[1-5]$`).MatchString(v) {
				return fmt.Errorf("%q is not a severity; use SEV-1 (worst) to SEV-5", v)
			}
			c.Alerts.StormDeclare = v
			return nil
		}},
	{Flag: "alert-storm-update", Env: "SITREP_ALERT_STORM_UPDATE", Default: "60s", Usage: "at most how often a storm's page is rewritten as alerts join it",
		apply: func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < time.Second {
				return fmt.Errorf("%q is not a duration of at least 1s, such as 60s", v)
			}
			c.Alerts.StormUpdate = d
			return nil
		}},
}
