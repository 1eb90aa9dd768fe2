package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"sitrep/client"
)

// workstreamResult is what workstream update prints under --json: the
// workstream when a field changed, the update when a note was posted.
type workstreamResult struct {
	Workstream *client.Workstream `json:"workstream,omitempty"`
	Update     *client.Update     `json:"update,omitempty"`
}

func workstreamUpdateCmd(e *env) *cobra.Command {
	var ch client.WorkstreamChange
	var name, lead, status, note string
	var priority int
	cmd := &cobra.Command{
		Use:   "update N ID",
		Short: "Rename, re-lead, reprioritize or change the status of a workstream, or post a note on it",
		Example: `  sitrep workstream update 42 7 --status blocked --note "waiting on the eu1 storage team"
  sitrep workstream update 42 7 --lead laurent --priority 1`,
		Args: exactArgs("N", "ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ids, err := numbers(cmd, args, "N", "ID")
			if err != nil {
				return err
			}
			fl := cmd.Flags()
			set := func(flag string, dst **string, v *string) {
				if fl.Changed(flag) {
					*dst = v
				}
			}
			set("name", &ch.Name, &name)
			set("lead", &ch.Lead, &lead)
			// With a note, the status rides on the note, so the timeline
			// says why it changed.
			if note == "" {
				set("status", &ch.Status, &status)
			}
			if fl.Changed("priority") {
				ch.Priority = &priority
			}
			if ch == (client.WorkstreamChange{}) && note == "" {
				return usagef(cmd, "nothing to change: give --name, --lead, --status, --priority or --note")
			}
			return e.changeWorkstream(cmd, ids[0], ids[1], ch, note, status)
		},
	}
	f := cmd.Flags()
	f.StringVar(&name, "name", "", "new name")
	f.StringVar(&lead, "lead", "", "handle of the new lead; empty removes the lead")
	f.StringVar(&status, "status", "", "active, blocked or done")
	f.IntVar(&priority, "priority", 0, "1 (highest) to 5")
	f.StringVar(&note, "note", "", "post this as the workstream's latest state (with --status, sets it too)")
	return cmd
}

func (e *env) changeWorkstream(cmd *cobra.Command, n, id int64, ch client.WorkstreamChange, note, status string) error {
	c, err := e.api()
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	var res workstreamResult
	if ch != (client.WorkstreamChange{}) {
		s, err := c.UpdateWorkstream(ctx, n, id, ch)
		if err != nil {
			return err
		}
		res.Workstream = &s
	}
	if note != "" {
		u, err := c.PostWorkstreamUpdate(ctx, n, id, note, status)
		if err != nil {
			return err
		}
		res.Update = &u
	}
	return e.emit(res, func(w io.Writer) error {
		if res.Workstream != nil {
			if err := printWorkstream(w, "Changed", *res.Workstream); err != nil {
				return err
			}
		}
		if res.Update != nil {
			now := ""
			if status != "" {
				now = ", now " + status
			}
			_, err := fmt.Fprintf(w, "Posted a note on workstream %d of #%d%s\n", id, n, now)
			return err
		}
		return nil
	})
}
