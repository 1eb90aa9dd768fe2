package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, alertsCmd) }

// alertsCmd lists alerts; its subcommand lists the groups that page.
func alertsCmd(e *env) *cobra.Command {
	var f client.AlertFilter
	cmd := &cobra.Command{
		Use:   "alerts",
		Short: "List alerts newest first, as monitoring sent them",
		Example: `  sitrep alerts --status firing --limit 20
  sitrep alerts groups --status open`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			l, err := c.Alerts(cmd.Context(), f)
			if err != nil {
				return err
			}
			if l.Alerts == nil {
				l.Alerts = []client.Alert{}
			}
			return e.emit(l, func(w io.Writer) error {
				if len(l.Alerts) == 0 {
					_, err := fmt.Fprintln(w, "No alerts.")
					return err
				}
				tw := table(w)
				fmt.Fprintln(tw, "ID\tSTATUS\tGROUP\tSOURCE\tAGE\tLABELS")
				for _, a := range l.Alerts {
					fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\n", a.ID, a.Status, a.GroupID, a.Source, age(a.StartsAt), labelText(a.Labels))
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				return more(w, "sitrep alerts", f, l.NextCursor)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.Status, "status", "", "firing or resolved")
	fl.IntVar(&f.Limit, "limit", 0, "at most this many (up to 200)")
	fl.StringVar(&f.Cursor, "cursor", "", "continue after a previous listing (printed after More:)")
	cmd.AddCommand(alertGroupsCmd(e))
	return cmd
}

func alertGroupsCmd(e *env) *cobra.Command {
	var f client.AlertFilter
	cmd := &cobra.Command{
		Use:     "groups",
		Short:   "List alert groups newest first: what paged, for which service, and storms",
		Example: `  sitrep alerts groups --status open`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			l, err := c.AlertGroups(cmd.Context(), f)
			if err != nil {
				return err
			}
			if l.Groups == nil {
				l.Groups = []client.AlertGroup{}
			}
			return e.emit(l, func(w io.Writer) error {
				if len(l.Groups) == 0 {
					_, err := fmt.Fprintln(w, "No alert groups.")
					return err
				}
				tw := table(w)
				fmt.Fprintln(tw, "ID\tSTATUS\tFIRING\tSERVICE\tPOLICY\tPAGE\tINCIDENT\tAGE\tGROUP")
				for _, g := range l.Groups {
					what := labelText(g.Labels)
					if g.Storm {
						what = "STORM"
					}
					fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", g.ID, g.Status, g.Firing, orDash(g.Service), orDash(g.Policy),
						idOrDash("", g.PageID), idOrDash("#", g.Incident), age(g.CreatedAt), what)
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				return more(w, "sitrep alerts groups", f, l.NextCursor)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.Status, "status", "", "open or resolved")
	fl.IntVar(&f.Limit, "limit", 0, "at most this many (up to 200)")
	fl.StringVar(&f.Cursor, "cursor", "", "continue after a previous listing (printed after More:)")
	return cmd
}

func more(w io.Writer, command string, f client.AlertFilter, next string) error {
	if next == "" {
		return nil
	}
	if f.Status != "" {
		command += " --status " + f.Status
	}
	_, err := fmt.Fprintf(w, "More: %s --cursor %s\n", command, next)
	return err
}

func idOrDash(prefix string, id int64) string {
	if id == 0 {
		return "-"
	}
	return fmt.Sprintf("%s%d", prefix, id)
}

// labelText prints labels as name=value, sorted, on one line.
func labelText(labels map[string]string) string {
	names := make([]string, 0, len(labels))
	for n := range labels {
		names = append(names, n)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + "=" + labels[n]
	}
	return oneLine(strings.Join(parts, " "))
}
