package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, splitCmd) }

func splitCmd(e *env) *cobra.Command {
	var s client.Split
	cmd := &cobra.Command{
		Use:     "split N --title T",
		Short:   "Split a child incident off N, moving workstreams to it",
		Example: `  sitrep split 42 --title "EU1: compute control planes" --commander laurent --workstream 7 --tag region:eu1`,
		Args:    exactArgs("N"),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := number(cmd, "N", args[0])
			if err != nil {
				return err
			}
			if s.Title == "" {
				return usagef(cmd, "--title: the child incident needs a title")
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			child, err := c.Split(cmd.Context(), n, s)
			if err != nil {
				return err
			}
			return e.emit(child, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Split #%d %s (%s) off #%d\n", child.Number, child.Title, child.Severity, n)
				return err
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&s.Title, "title", "", "title of the child incident (required)")
	f.StringVar(&s.Severity, "severity", "", "severity of the child; the parent's when empty")
	f.StringVar(&s.Summary, "summary", "", "what the child is about")
	f.StringVar(&s.Commander, "commander", "", "handle of the child's commander")
	f.Int64SliceVar(&s.Workstreams, "workstream", nil, "id of a workstream to move to the child (repeatable)")
	f.StringArrayVar(&s.Tags, "tag", nil, "tag added to the parent's tags, such as region:eu1 (repeatable)")
	return cmd
}
