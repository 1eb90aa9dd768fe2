package cli

import (
	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, resolveCmd) }

func resolveCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "resolve N",
		Short: "Resolve an incident; responders' stints end",
		Args:  exactArgs("N"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st := "resolved"
			return e.patch(cmd, args[0], client.Patch{Status: &st})
		},
	}
}
