package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, incidentsCmd) }

func incidentsCmd(e *env) *cobra.Command {
	var f client.Filter
	cmd := &cobra.Command{
		Use:   "incidents",
		Short: "List incidents, newest first",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			page, err := c.Incidents(cmd.Context(), f)
			if err != nil {
				return err
			}
			return e.emit(page, func(w io.Writer) error { return printIncidents(w, page, f) })
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.Status, "status", "", "open (all but resolved), investigating, identified, monitoring or resolved")
	fl.StringVar(&f.Severity, "severity", "", "only this severity, such as SEV-1")
	fl.StringVar(&f.Tag, "tag", "", "only incidents with this tag")
	fl.IntVar(&f.Limit, "limit", 0, "at most this many (server default when 0)")
	fl.StringVar(&f.Cursor, "cursor", "", "continue from the cursor a previous listing printed")
	return cmd
}

func printIncidents(w io.Writer, page client.IncidentPage, f client.Filter) error {
	if len(page.Incidents) == 0 {
		_, err := fmt.Fprintln(w, "No incidents.")
		return err
	}
	tw := table(w)
	fmt.Fprintln(tw, "#\tSEVERITY\tSTATUS\tAGE\tTITLE\tTAGS")
	for _, inc := range page.Incidents {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", inc.Number, inc.Severity, inc.Status, age(inc.CreatedAt), inc.Title, orDash(strings.Join(inc.Tags, ",")))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if page.NextCursor != "" {
		_, err := fmt.Fprintf(w, "More: sitrep incidents%s --cursor %s\n", filterFlags(f), page.NextCursor)
		return err
	}
	return nil
}

// filterFlags repeats the filter of a listing, so the hint for the next page
// lists the same incidents.
func filterFlags(f client.Filter) string {
	var b strings.Builder
	for _, kv := range [][2]string{{"status", f.Status}, {"severity", f.Severity}, {"tag", f.Tag}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, " --%s %s", kv[0], kv[1])
		}
	}
	if f.Limit != 0 {
		fmt.Fprintf(&b, " --limit %d", f.Limit)
	}
	return b.String()
}
