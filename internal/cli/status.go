package cli

import (
	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, statusCmd) }

func statusCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "status N STATUS",
		Short: "Move an incident to investigating, identified, monitoring or resolved",
		Args:  exactArgs("N", "STATUS"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st := args[1]
			return e.patch(cmd, args[0], client.Patch{Status: &st})
		},
	}
}
