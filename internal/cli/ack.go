package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, ackCmd) }

func ackCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "ack ID",
		Short: "Acknowledge page ID: you have it, escalation stops",
		Long: `Acknowledge page ID (printed by "sitrep page" and "sitrep pages", and in the
message). Escalation stops and notifications not sent yet, such as an SMS
due two minutes after the email, are canceled. Acknowledging a page someone
already acknowledged changes nothing. To end the page, run
"sitrep page-resolve ID".`,
		Example: "  sitrep ack 7",
		Args:    exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, id, err := e.apiFor(cmd, "ID", args[0])
			if err != nil {
				return err
			}
			p, err := c.Ack(cmd.Context(), id)
			if err != nil {
				return err
			}
			return e.emit(p, func(w io.Writer) error { return printPageState(w, p) })
		},
	}
}

// printPageState says where a page stands after ack or page-resolve, with
// who moved it and when: when two people press at once, both learn who won.
func printPageState(w io.Writer, p client.Page) error {
	var err error
	switch p.Status {
	case "acknowledged":
		_, err = fmt.Fprintf(w, "Page %d acknowledged by %s %s ago: %s\nEscalation stopped. End it with: sitrep page-resolve %d\n",
			p.ID, orDash(p.AckedBy), age(p.AckedAt), p.Summary, p.ID)
	case "resolved":
		_, err = fmt.Fprintf(w, "Page %d resolved by %s %s ago: %s\n", p.ID, orDash(p.ResolvedBy), age(p.ResolvedAt), p.Summary)
	default:
		_, err = fmt.Fprintf(w, "Page %d %s: %s\n", p.ID, p.Status, p.Summary)
	}
	return err
}
