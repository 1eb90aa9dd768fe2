package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func heartbeatsCmd(e *env) *cobra.Command {
	var cursor string
	cmd := &cobra.Command{
		Use:   "heartbeats",
		Short: "List heartbeats with their status and last ping",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			l, err := c.Heartbeats(cmd.Context(), cursor, 0)
			if err != nil {
				return err
			}
			if l.Heartbeats == nil {
				l.Heartbeats = []client.Heartbeat{}
			}
			return e.emit(l, func(w io.Writer) error {
				if len(l.Heartbeats) == 0 {
					_, err := fmt.Fprintln(w, "No heartbeats. Add one: sitrep heartbeat add NAME --interval 1m")
					return err
				}
				tw := table(w)
				fmt.Fprintln(tw, "NAME\tKIND\tSTATUS\tEVERY\tGRACE\tLAST PING\tSERVICE")
				for _, h := range l.Heartbeats {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", h.Name, h.Kind, h.Status, hbSpan(h.IntervalSeconds),
						hbSpan(h.GraceSeconds), age(h.LastPingAt), orDash(h.Service))
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				if l.NextCursor != "" {
					_, err := fmt.Fprintf(w, "More: sitrep heartbeats --cursor %s\n", l.NextCursor)
					return err
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&cursor, "cursor", "", "continue after a previous listing (printed after More:)")
	return cmd
}
