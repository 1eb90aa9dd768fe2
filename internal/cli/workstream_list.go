package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func workstreamListCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "list N",
		Short: "List incident N's workstreams, highest priority first",
		Args:  exactArgs("N"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, n, err := e.apiFor(cmd, "N", args[0])
			if err != nil {
				return err
			}
			ws, err := c.Workstreams(cmd.Context(), n)
			if err != nil {
				return err
			}
			if ws == nil {
				ws = []client.Workstream{}
			}
			return e.emit(ws, func(w io.Writer) error {
				if len(ws) == 0 {
					_, err := fmt.Fprintf(w, "No workstreams on #%d.\n", n)
					return err
				}
				printWorkstreams(w, ws)
				return nil
			})
		},
	}
}
