package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

func init() { clientCommands = append(clientCommands, roleCmd) }

func roleCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:     "role N ROLE USER",
		Short:   "Hand a role (commander, comms-lead, scribe, ...) to a responder",
		Example: "  sitrep role 42 commander laura",
		Args:    exactArgs("N", "ROLE", "USER"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, n, err := e.apiFor(cmd, "N", args[0])
			if err != nil {
				return err
			}
			h, err := c.AssignRole(cmd.Context(), n, args[1], args[2])
			if err != nil {
				return err
			}
			return e.emit(h, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "%s is now %s of #%d\n", h.User, h.Role, n)
				return err
			})
		},
	}
}
