package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

func init() { clientCommands = append(clientCommands, linkCmd) }

func linkCmd(e *env) *cobra.Command {
	var kind string
	cmd := &cobra.Command{
		Use:   "link N OTHER",
		Short: "Relate incident N to OTHER",
		Args:  exactArgs("N", "OTHER"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ns, err := numbers(cmd, args, "N", "OTHER")
			if err != nil {
				return err
			}
			return e.link(cmd, ns[0], ns[1], kind)
		},
	}
	cmd.Flags().StringVar(&kind, "kind", "related", "related, or duplicate to merge N into OTHER")
	return cmd
}

// link is shared by link and merge: merging is linking as a duplicate.
func (e *env) link(cmd *cobra.Command, n, other int64, kind string) error {
	c, err := e.api()
	if err != nil {
		return err
	}
	l, err := c.Link(cmd.Context(), n, other, kind)
	if err != nil {
		return err
	}
	return e.emit(l, func(w io.Writer) error {
		msg := fmt.Sprintf("Linked #%d to #%d (%s)", n, l.Number, l.Kind)
		if l.Kind == "duplicate" {
			msg = fmt.Sprintf("Merged #%d into #%d", n, l.Number)
		}
		_, err := fmt.Fprintln(w, msg)
		return err
	})
}
