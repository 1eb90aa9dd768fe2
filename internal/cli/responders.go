package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, respondersCmd) }

func respondersCmd(e *env) *cobra.Command {
	var all bool
	cmd := &cobra.Command{
		Use:   "responders N",
		Short: "List who is on an incident, in the order they joined",
		Args:  exactArgs("N"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, n, err := e.apiFor(cmd, "N", args[0])
			if err != nil {
				return err
			}
			rs, err := allResponders(cmd.Context(), c, n, all)
			if err != nil {
				return err
			}
			return e.emit(rs, func(w io.Writer) error { return printResponders(w, rs, all) })
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "include people who have left")
	return cmd
}

// allResponders reads every page: a roster is only useful whole, and one
// incident's responders are bounded (hundreds at the largest).
func allResponders(ctx context.Context, c *client.Client, n int64, all bool) ([]client.Responder, error) {
	out := []client.Responder{}
	cursor := ""
	for {
		page, err := c.Responders(ctx, n, all, cursor)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Responders...)
		if page.NextCursor == "" || page.NextCursor == cursor {
			return out, nil
		}
		cursor = page.NextCursor
	}
}

func printResponders(w io.Writer, rs []client.Responder, all bool) error {
	if len(rs) == 0 {
		_, err := fmt.Fprintln(w, "No responders.")
		return err
	}
	tw := table(w)
	if all {
		fmt.Fprintln(tw, "HANDLE\tNAME\tJOINED\tLEFT")
	} else {
		fmt.Fprintln(tw, "HANDLE\tNAME\tJOINED")
	}
	for _, r := range rs {
		if all {
			left := "-"
			if !r.LeftAt.IsZero() {
				left = age(r.LeftAt) + " ago"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s ago\t%s\n", r.User, r.Name, age(r.JoinedAt), left)
		} else {
			fmt.Fprintf(tw, "%s\t%s\t%s ago\n", r.User, r.Name, age(r.JoinedAt))
		}
	}
	return tw.Flush()
}
