package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, routesCmd) }

// routesCmd lists the alert routing rules; its subcommands change them.
func routesCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "routes",
		Short: "List alert routing rules in the order they are tried; the first match wins",
		Example: `  sitrep routes
  sitrep routes add --match 'region=~eu.*' --match 'alertname!=Watchdog' --service checkout --declare SEV-2
  sitrep routes remove 3`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			rs, err := c.Routes(cmd.Context())
			if err != nil {
				return err
			}
			if rs == nil {
				rs = []client.Route{}
			}
			return e.emit(map[string]any{"routes": rs}, func(w io.Writer) error {
				if len(rs) == 0 {
					_, err := fmt.Fprintln(w, "No routes: alerts page the service their label service names, or the default policy.")
					return err
				}
				tw := table(w)
				fmt.Fprintln(tw, "POS\tID\tSERVICE\tPOLICY\tGROUP BY\tDECLARE\tMATCH")
				for _, r := range rs {
					fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\n", r.Position, r.ID, orDash(r.Service), orDash(r.Policy),
						orDash(strings.Join(r.GroupBy, ",")), orDash(r.Declare), oneLine(matchText(r.Matchers)))
				}
				return tw.Flush()
			})
		},
	}
	cmd.AddCommand(routeAddCmd(e), routeRemoveCmd(e))
	return cmd
}

func routeAddCmd(e *env) *cobra.Command {
	var r client.Route
	var match []string
	var groupBy string
	cmd := &cobra.Command{
		Use:   "add",
		Short: "Add an alert routing rule (admin)",
		Long: `Add an alert routing rule. Every --match must hold: 'label=value',
'label!=value', 'label=~regex' (RE2, the whole value) or '!label' (absent).
The rule sends matching alerts to --service (and its escalation policy) or
to --policy, groups them by --group-by and, with --declare, declares an
incident of that severity when a group opens.`,
		Example: `  sitrep routes add --match 'region=~eu.*' --service checkout
  sitrep routes add --match 'severity=critical' --match '!team' --policy major-incident --declare SEV-1 --position 1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r.Matchers = []client.RouteMatcher{}
			for _, m := range match {
				rm, err := parseMatch(m)
				if err != nil {
					return usagef(cmd, "%v", err)
				}
				r.Matchers = append(r.Matchers, rm)
			}
			if groupBy != "" {
				r.GroupBy = strings.Split(groupBy, ",")
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			out, err := c.CreateRoute(cmd.Context(), r)
			if err != nil {
				return err
			}
			return e.emit(out, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Added route %d at position %d: %s\n", out.ID, out.Position, matchText(out.Matchers))
				return err
			})
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&match, "match", nil, "a matcher: 'label=value', 'label!=value', 'label=~regex' or '!label' (repeat; all must hold)")
	f.StringVar(&r.Service, "service", "", "service the alerts belong to")
	f.StringVar(&r.Policy, "policy", "", "escalation policy to page (default: the service's)")
	f.StringVar(&groupBy, "group-by", "", "comma-separated labels that group the alerts (default: the server's)")
	f.StringVar(&r.Declare, "declare", "", "declare an incident of this severity (SEV-1 to SEV-5) when a group opens")
	f.IntVar(&r.Position, "position", 0, "where to insert the rule (1 is tried first; default last)")
	return cmd
}

// parseMatch reads one --match.
func parseMatch(s string) (client.RouteMatcher, error) {
	if label, ok := strings.CutPrefix(s, "!"); ok && !strings.ContainsAny(label, "=~") {
		return client.RouteMatcher{Label: label, Op: "absent"}, nil
	}
	i := strings.IndexByte(s, '=')
	if i <= 0 {
		return client.RouteMatcher{}, fmt.Errorf("--match %q: write label=value, label!=value, label=~regex or !label", s)
	}
	label, value := s[:i], s[i+1:]
	switch {
	case strings.HasSuffix(label, "!"):
		return client.RouteMatcher{Label: label[:len(label)-1], Op: "not_equals", Value: value}, nil
	case strings.HasPrefix(value, "~"):
		return client.RouteMatcher{Label: label, Op: "regex", Value: value[1:]}, nil
	}
	return client.RouteMatcher{Label: label, Op: "equals", Value: value}, nil
}

// matchText prints matchers as they are written on the command line.
func matchText(ms []client.RouteMatcher) string {
	if len(ms) == 0 {
		return "(every alert)"
	}
	parts := make([]string, len(ms))
	for i, m := range ms {
		switch m.Op {
		case "absent":
			parts[i] = "!" + m.Label
		case "not_equals":
			parts[i] = m.Label + "!=" + m.Value
		case "regex":
			parts[i] = m.Label + "=~" + m.Value
		default:
			parts[i] = m.Label + "=" + m.Value
		}
	}
	return strings.Join(parts, " ")
}

func routeRemoveCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "remove ID",
		Short: "Remove an alert routing rule (admin)",
		Args:  exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return usagef(cmd, "ID must be a route's number, as `sitrep routes` lists it")
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			if err := c.DeleteRoute(cmd.Context(), id); err != nil {
				return err
			}
			return e.emit(map[string]int64{"removed": id}, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Removed route %d\n", id)
				return err
			})
		},
	}
}
