package cli

import "github.com/spf13/cobra"

// group returns a command that only holds subcommands. Without a RunE cobra
// prints help and exits 0 for a mistyped subcommand, which a script would
// take for success; with one, cobra.NoArgs reports it as unknown.
func group(use, short string, subs ...*cobra.Command) *cobra.Command {
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(subs...)
	return cmd
}
