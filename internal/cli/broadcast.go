package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

func init() { clientCommands = append(clientCommands, broadcastCmd) }

// broadcastReport is what `broadcast --json` prints: the broadcast's page,
// who is being notified and how, and Group, everyone the audience held when
// the server sent it (people without a contact method are in Group only).
type broadcastReport struct {
	pageReport
	Group []string `json:"group"`
}

func broadcastCmd(e *env) *cobra.Command {
	var to string
	cmd := &cobra.Command{
		Use:   "broadcast N MESSAGE --to leads|responders|commanders",
		Short: "Tell every workstream lead, responder or commander of incident N something at once",
		Long: `Send MESSAGE to everyone who holds a position on incident N now: every
workstream lead (--to leads), every responder (--to responders), or the
commander of the incident and of every incident split off it (--to
commanders). The audience is read when the server sends it, so it reaches a
lead handed over a second ago. There is nothing to acknowledge.

It prints how many people the audience held and who is being notified; a
person without a contact method is named, because they will not hear it.`,
		Example: `  sitrep broadcast 42 --to leads "Status call in 5 minutes on the bridge"
  sitrep broadcast 42 --to commanders "Freeze all deploys until 03:00 UTC"`,
		Args: exactArgs("N", "MESSAGE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := number(cmd, "N", args[0])
			if err != nil {
				return err
			}
			if to == "" {
				return usagef(cmd, "missing --to: say whom to tell, leads, responders or commanders")
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			p, err := c.Broadcast(cmd.Context(), n, to, args[1])
			if err != nil {
				return err
			}
			rep, err := e.reach(cmd, c, p)
			if err != nil {
				return err
			}
			group, err := broadcastGroup(cmd.Context(), c, n, p.ID)
			if err != nil {
				return err
			}
			br := broadcastReport{pageReport: rep, Group: group}
			return e.emit(br, func(w io.Writer) error { return printBroadcast(w, n, to, br) })
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "leads, responders or commanders")
	return cmd
}

func printBroadcast(w io.Writer, n int64, to string, br broadcastReport) error {
	if len(br.Group) == 0 {
		_, err := fmt.Fprintf(w, "Broadcast %d reached nobody: #%d has no %s right now.\n", br.ID, n, to)
		return err
	}
	fmt.Fprintf(w, "Broadcast %d to the %s of #%d: %s (%s)\n", br.ID, to, n, people(len(br.Group)), strings.Join(br.Group, ", "))
	fmt.Fprintf(w, "Notifying %s of them in %s.\n", people(len(br.People)), plural(len(br.Deliveries), "message"))
	if len(br.Deliveries) > 0 {
		if err := printDeliveries(w, br.Deliveries, false); err != nil {
			return err
		}
	}
	notified := map[string]bool{}
	for _, h := range br.People {
		notified[h] = true
	}
	for _, h := range br.Group {
		if !notified[h] {
			if _, err := fmt.Fprintf(w, "%s has no contact method and will not hear it; add one with: sitrep contact add email ADDRESS --user %s\n", h, h); err != nil {
				return err
			}
		}
	}
	return nil
}
