package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

func init() { clientCommands = append(clientCommands, updateCmd) }

func updateCmd(e *env) *cobra.Command {
	var audience string
	cmd := &cobra.Command{
		Use:     "update N BODY",
		Short:   "Post a status update for an audience",
		Example: `  sitrep update 42 "Failover to eu2 in progress; next update in 30 minutes" --audience executives`,
		Args:    exactArgs("N", "BODY"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, n, err := e.apiFor(cmd, "N", args[0])
			if err != nil {
				return err
			}
			u, err := c.PostUpdate(cmd.Context(), n, audience, args[1])
			if err != nil {
				return err
			}
			return e.emit(u, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Posted update %d to %s of #%d\n", u.ID, u.Audience, n)
				return err
			})
		},
	}
	cmd.Flags().StringVar(&audience, "audience", "responders", "responders, support, executives or public")
	return cmd
}
