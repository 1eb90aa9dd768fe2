package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

func init() { clientCommands = append(clientCommands, joinCmd) }

func joinCmd(e *env) *cobra.Command {
	var user string
	cmd := &cobra.Command{
		Use:   "join N",
		Short: "Join an incident as a responder, or add someone with --user",
		Args:  exactArgs("N"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, n, err := e.apiFor(cmd, "N", args[0])
			if err != nil {
				return err
			}
			r, err := c.Join(cmd.Context(), n, user)
			if err != nil {
				return err
			}
			return e.emit(r, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "%s joined #%d\n", r.User, n)
				return err
			})
		},
	}
	cmd.Flags().StringVar(&user, "user", "", "handle of who joins (yourself when empty)")
	return cmd
}
