package cli

import (
	"io"

	"github.com/spf13/cobra"
)

func init() { clientCommands = append(clientCommands, pageResolveCmd) }

// pageResolveCmd is not "resolve": that resolves an incident, and a page
// ends long before its incident does.
func pageResolveCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "page-resolve ID",
		Short: "Resolve page ID: it needs nobody any more (the incident stays open)",
		Long: `Resolve page ID: escalation ends and notifications not sent yet are canceled.
This ends the page only; "sitrep resolve N" resolves incident N.`,
		Example: "  sitrep page-resolve 7",
		Args:    exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, id, err := e.apiFor(cmd, "ID", args[0])
			if err != nil {
				return err
			}
			p, err := c.ResolvePage(cmd.Context(), id)
			if err != nil {
				return err
			}
			return e.emit(p, func(w io.Writer) error { return printPageState(w, p) })
		},
	}
}
