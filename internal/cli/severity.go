package cli

import (
	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, severityCmd) }

func severityCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "severity N SEV-x",
		Short: "Change an incident's severity (SEV-1 is the worst)",
		Args:  exactArgs("N", "SEV-x"),
		RunE: func(cmd *cobra.Command, args []string) error {
			sev := args[1]
			return e.patch(cmd, args[0], client.Patch{Severity: &sev})
		},
	}
}
