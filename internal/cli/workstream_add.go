package cli

import (
	"io"

	"github.com/spf13/cobra"
)

func workstreamAddCmd(e *env) *cobra.Command {
	var lead string
	var priority int
	cmd := &cobra.Command{
		Use:     "add N NAME",
		Short:   "Open a workstream on incident N",
		Example: "  sitrep workstream add 42 eu1-compute --lead laurent --priority 1",
		Args:    exactArgs("N", "NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, n, err := e.apiFor(cmd, "N", args[0])
			if err != nil {
				return err
			}
			s, err := c.AddWorkstream(cmd.Context(), n, args[1], lead, priority)
			if err != nil {
				return err
			}
			return e.emit(s, func(w io.Writer) error { return printWorkstream(w, "Opened", s) })
		},
	}
	cmd.Flags().StringVar(&lead, "lead", "", "handle of the lead; must be a responder")
	cmd.Flags().IntVar(&priority, "priority", 0, "1 (highest) to 5; the server's default (3) when 0")
	return cmd
}
