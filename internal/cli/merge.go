package cli

import (
	"github.com/spf13/cobra"
)

func init() { clientCommands = append(clientCommands, mergeCmd) }

func mergeCmd(e *env) *cobra.Command {
	var into string
	cmd := &cobra.Command{
		Use:   "merge N --into M",
		Short: "Merge incident N into M as a duplicate",
		Args:  exactArgs("N"),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := number(cmd, "N", args[0])
			if err != nil {
				return err
			}
			if into == "" {
				return usagef(cmd, "--into: name the incident that N duplicates")
			}
			m, err := number(cmd, "--into", into)
			if err != nil {
				return err
			}
			return e.link(cmd, n, m, "duplicate")
		},
	}
	cmd.Flags().StringVar(&into, "into", "", "number of the incident to merge into (required)")
	return cmd
}
