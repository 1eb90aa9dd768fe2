package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

func init() { clientCommands = append(clientCommands, leaveCmd) }

func leaveCmd(e *env) *cobra.Command {
	var user string
	cmd := &cobra.Command{
		Use:   "leave N",
		Short: "Leave an incident (your roles are released), or take someone off with --user",
		Args:  exactArgs("N"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, n, err := e.apiFor(cmd, "N", args[0])
			if err != nil {
				return err
			}
			if err := c.Leave(cmd.Context(), n, user); err != nil {
				return err
			}
			// Leaving creates nothing, so --json prints nothing: scripts
			// rely on the exit code.
			if e.json {
				return nil
			}
			who := user
			if who == "" {
				who = "You"
			}
			_, err = fmt.Fprintf(e.stdout, "%s left #%d\n", who, n)
			return err
		},
	}
	cmd.Flags().StringVar(&user, "user", "", "handle of who leaves (yourself when empty)")
	return cmd
}
