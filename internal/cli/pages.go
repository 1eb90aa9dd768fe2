package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, pagesCmd) }

func pagesCmd(e *env) *cobra.Command {
	var f client.PageFilter
	cmd := &cobra.Command{
		Use:   "pages",
		Short: "List pages newest first: who was paged about what, and whether someone took it",
		Example: `  sitrep pages --status triggered
  sitrep pages --incident 42`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			l, err := c.Pages(cmd.Context(), f)
			if err != nil {
				return err
			}
			if l.Pages == nil {
				l.Pages = []client.Page{}
			}
			return e.emit(l, func(w io.Writer) error {
				if len(l.Pages) == 0 {
					_, err := fmt.Fprintln(w, "No pages.")
					return err
				}
				if err := printPages(w, l.Pages); err != nil {
					return err
				}
				if l.NextCursor != "" {
					_, err := fmt.Fprintf(w, "More: sitrep pages%s --cursor %s\n", pageFlags(f), l.NextCursor)
					return err
				}
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.Status, "status", "", "triggered, acknowledged or resolved")
	fl.Int64Var(&f.Incident, "incident", 0, "only pages about this incident")
	fl.StringVar(&f.Cursor, "cursor", "", "continue after a previous listing (printed after More:)")
	return cmd
}

// printPages prints one page a line; the summary goes last because it is
// the longest column.
func printPages(w io.Writer, ps []client.Page) error {
	tw := table(w)
	fmt.Fprintln(tw, "ID\tSTATUS\tHANDLED BY\tSEV\tINCIDENT\tSOURCE\tAGE\tSUMMARY")
	for _, p := range ps {
		inc := "-"
		if p.Incident != 0 {
			inc = fmt.Sprintf("#%d", p.Incident)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Status, orDash(handledBy(p)), orDash(p.Severity), inc, p.Source, age(p.CreatedAt), oneLine(p.Summary))
	}
	return tw.Flush()
}

// handledBy is who acknowledged or resolved p, whichever was last.
func handledBy(p client.Page) string {
	if p.ResolvedBy != "" {
		return p.ResolvedBy
	}
	return p.AckedBy
}

// pageFlags repeats the filters of a listing, for its "More:" hint.
func pageFlags(f client.PageFilter) string {
	var b strings.Builder
	if f.Status != "" {
		fmt.Fprintf(&b, " --status %s", f.Status)
	}
	if f.Incident != 0 {
		fmt.Fprintf(&b, " --incident %d", f.Incident)
	}
	return b.String()
}

// oneLine keeps a table row on one line: the first line of s.
func oneLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
