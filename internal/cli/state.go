package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, stateCmd) }

func stateCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:     "state N",
		Short:   "Print an incident's living state document: what we know, theories, guidance and each workstream's latest",
		Example: "  sitrep state 42\n  sitrep state 42 --json",
		Args:    exactArgs("N"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, n, err := e.apiFor(cmd, "N", args[0])
			if err != nil {
				return err
			}
			d, err := c.StateDoc(cmd.Context(), n, "")
			if err != nil {
				return err
			}
			return e.emit(d, func(w io.Writer) error { return printState(w, d) })
		},
	}
}

func printState(w io.Writer, d client.StateDoc) error {
	for _, s := range d.Sections {
		fmt.Fprintf(w, "## %s\n", s.Title)
		if s.Revision == 0 {
			fmt.Fprintln(w, "(nothing written yet)")
		} else {
			fmt.Fprintln(w, strings.TrimRight(s.Body, "\n"))
			fmt.Fprintf(w, "-- revision %d by %s, %s ago\n", s.Revision, orDash(s.Author), age(s.CreatedAt))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "## Workstreams (%d)\n", d.Total)
	for _, ws := range d.Workstreams {
		fmt.Fprintf(w, "\n### %s  P%d  %s  lead %s\n", ws.Name, ws.Priority, ws.Status, orDash(ws.Lead))
		if ws.Latest == nil {
			fmt.Fprintln(w, "(no update from the lead yet)")
			continue
		}
		fmt.Fprintln(w, strings.TrimRight(ws.Latest.Body, "\n"))
		fmt.Fprintf(w, "-- %s ago\n", age(ws.Latest.CreatedAt))
	}
	if d.NextCursor != "" {
		fmt.Fprintf(w, "\n(%d more workstreams: see the board, or --json with the API's cursor)\n", d.Total-len(d.Workstreams))
	}
	return nil
}
