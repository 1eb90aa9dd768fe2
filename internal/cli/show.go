package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, showCmd) }

func showCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "show N",
		Short: "Show an incident: roles, workstreams, responders, milestones and related incidents",
		Args:  exactArgs("N"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, n, err := e.apiFor(cmd, "N", args[0])
			if err != nil {
				return err
			}
			d, err := c.Incident(cmd.Context(), n)
			if err != nil {
				return err
			}
			if e.json {
				return writeJSON(e.stdout, d)
			}
			children, err := childIncidents(cmd.Context(), c, d)
			if err != nil {
				return err
			}
			return printDetail(e.stdout, d, children)
		},
	}
}

// childIncidents reads the children's headlines, so that show can say what
// each split-off incident is about rather than print bare numbers.
func childIncidents(ctx context.Context, c *client.Client, d client.Detail) ([]client.Incident, error) {
	if len(d.Children) == 0 {
		return nil, nil
	}
	page, err := c.Incidents(ctx, client.Filter{Parent: d.Number, Limit: 200})
	return page.Incidents, err
}

func printDetail(w io.Writer, d client.Detail, children []client.Incident) error {
	fmt.Fprintf(w, "#%d %s\n", d.Number, d.Title)
	fmt.Fprintf(w, "%s  %s  declared %s ago", d.Severity, d.Status, age(d.CreatedAt))
	if len(d.Tags) > 0 {
		fmt.Fprintf(w, "  tags: %s", strings.Join(d.Tags, ", "))
	}
	fmt.Fprintln(w)
	if d.Parent != 0 {
		fmt.Fprintf(w, "Split off #%d\n", d.Parent)
	}
	if d.MergedInto != 0 {
		fmt.Fprintf(w, "Merged into #%d\n", d.MergedInto)
	}
	if d.Summary != "" {
		fmt.Fprintf(w, "\n%s\n", d.Summary)
	}
	printRoles(w, d.Roles)
	fmt.Fprintln(w, "\nWorkstreams")
	if len(d.Workstreams) == 0 {
		fmt.Fprintln(w, "  none")
	} else {
		printWorkstreams(w, d.Workstreams)
	}
	fmt.Fprintf(w, "\nResponders: %d\n", d.Responders)
	printMilestones(w, d.Milestones)
	printRelated(w, d, children)
	return nil
}

func printRoles(w io.Writer, roles []client.RoleHolder) {
	fmt.Fprintln(w, "\nRoles")
	if len(roles) == 0 {
		fmt.Fprintln(w, "  none assigned (sitrep role N commander HANDLE)")
		return
	}
	tw := table(w)
	for _, r := range roles {
		fmt.Fprintf(tw, "  %s\t%s (%s)\tfor %s\n", r.Role, r.User, r.Name, age(r.StartedAt))
	}
	tw.Flush()
}

func printWorkstreams(w io.Writer, ws []client.Workstream) {
	tw := table(w)
	fmt.Fprintln(tw, "  ID\tNAME\tLEAD\tSTATUS\tPRIORITY\tLAST UPDATE")
	for _, s := range ws {
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\tP%d\t%s\n", s.ID, s.Name, orDash(s.Lead), s.Status, s.Priority, ago(s.LastUpdateAt))
	}
	tw.Flush()
}

func printMilestones(w io.Writer, ms []client.Milestone) {
	if len(ms) == 0 {
		return
	}
	fmt.Fprintln(w, "\nMilestones")
	tw := table(w)
	for _, m := range ms {
		fmt.Fprintf(tw, "  %s\t%s\t%s ago\n", m.Kind, clock(m.At), age(m.At))
	}
	tw.Flush()
}

func printRelated(w io.Writer, d client.Detail, children []client.Incident) {
	if len(d.Children) > 0 {
		fmt.Fprintln(w, "\nChildren")
		tw := table(w)
		for _, c := range children {
			fmt.Fprintf(tw, "  #%d\t%s\t%s\t%s\n", c.Number, c.Severity, c.Status, c.Title)
		}
		tw.Flush()
	}
	if len(d.Links) > 0 {
		fmt.Fprintln(w, "\nLinks")
		for _, l := range d.Links {
			fmt.Fprintf(w, "  #%d %s\n", l.Number, l.Kind)
		}
	}
}

// ago is age with a suffix, and "never" for a workstream without updates.
func ago(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return age(t) + " ago"
}
