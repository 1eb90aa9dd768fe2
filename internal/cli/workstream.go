package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, workstreamCmd) }

// workstreamCmd groups the commands on an incident's lines of work.
func workstreamCmd(e *env) *cobra.Command {
	cmd := group("workstream", "Open, change and list an incident's workstreams",
		workstreamAddCmd(e), workstreamUpdateCmd(e), workstreamListCmd(e))
	cmd.Aliases = []string{"ws"}
	return cmd
}

func printWorkstream(w io.Writer, verb string, s client.Workstream) error {
	_, err := fmt.Fprintf(w, "%s workstream %d %s on #%d: lead %s, %s, P%d\n", verb, s.ID, s.Name, s.Incident, orDash(s.Lead), s.Status, s.Priority)
	return err
}
