package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

func init() { clientCommands = append(clientCommands, messageCmd) }

func messageCmd(e *env) *cobra.Command {
	var workstream int64
	cmd := &cobra.Command{
		Use:     "message N BODY",
		Short:   "Post to the incident channel, or a workstream's with --workstream",
		Example: `  sitrep message 42 "eu1 control plane back; watching error rates" --workstream 7`,
		Args:    exactArgs("N", "BODY"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, n, err := e.apiFor(cmd, "N", args[0])
			if err != nil {
				return err
			}
			m, err := c.PostMessage(cmd.Context(), n, workstream, args[1])
			if err != nil {
				return err
			}
			return e.emit(m, func(w io.Writer) error {
				where := "the incident channel"
				if m.Workstream != 0 {
					where = fmt.Sprintf("workstream %d", m.Workstream)
				}
				_, err := fmt.Fprintf(w, "Posted to %s of #%d\n", where, n)
				return err
			})
		},
	}
	cmd.Flags().Int64Var(&workstream, "workstream", 0, "workstream id (see sitrep workstream list N)")
	return cmd
}
