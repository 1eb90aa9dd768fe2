package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

func contactRemoveCmd(e *env) *cobra.Command {
	var user string
	cmd := &cobra.Command{
		Use:     "remove ID",
		Short:   "Remove a contact method and the rules that use it",
		Example: "  sitrep contact remove 3",
		Args:    exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, id, err := e.apiFor(cmd, "ID", args[0])
			if err != nil {
				return err
			}
			if err := c.RemoveContactMethod(cmd.Context(), user, id); err != nil {
				return err
			}
			// Removing creates nothing, so --json prints nothing: scripts
			// rely on the exit code.
			if e.json {
				return nil
			}
			_, err = fmt.Fprintf(e.stdout, "Removed %s contact method %d and its rules\n", whose(user), id)
			return err
		},
	}
	cmd.Flags().StringVar(&user, "user", "", "handle of whose method to remove (yourself when empty; others need admin)")
	return cmd
}
