package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"sitrep/client"
)

// patch applies p to the incident numbered arg and prints its new headline;
// status, severity and resolve differ only in what they change.
func (e *env) patch(cmd *cobra.Command, arg string, p client.Patch) error {
	c, n, err := e.apiFor(cmd, "N", arg)
	if err != nil {
		return err
	}
	inc, err := c.UpdateIncident(cmd.Context(), n, p)
	if err != nil {
		return err
	}
	return e.emit(inc, func(w io.Writer) error {
		_, err := fmt.Fprintf(w, "#%d %s is now %s, %s\n", inc.Number, inc.Title, inc.Severity, inc.Status)
		return err
	})
}
