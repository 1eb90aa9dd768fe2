package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, overrideCmd) }

// overrideCmd groups the commands that change who is on call for a while.
func overrideCmd(e *env) *cobra.Command {
	return group("override", "Change who is on call for a while (\"take my shift now\")", overrideAddCmd(e), overrideRemoveCmd(e))
}

func overrideAddCmd(e *env) *cobra.Command {
	var user, replaces, start, end string
	cmd := &cobra.Command{
		Use:   "add SCHEDULE --end TIME",
		Short: "Put someone on call, in place of someone or alongside",
		Example: `  sitrep override add major-incident --replaces laura --end +8h        # I take laura's shift now
  sitrep override add major-incident --user sam --replaces laura --start 2026-03-28T09:00 --end 2026-03-29T09:00
  sitrep override add exec-on-call --user sam --end +2h                  # sam joins whoever is on call`,
		Args: exactArgs("SCHEDULE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			now := time.Now()
			from, err := parseWhen("start", start, now)
			if err != nil {
				return usagef(cmd, "%v", err)
			}
			until, err := parseWhen("end", end, now)
			if err != nil {
				return usagef(cmd, "%v", err)
			}
			if until.IsZero() {
				return usagef(cmd, "--end is required: say when the override stops, such as --end +8h")
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			o, err := c.AddOverride(cmd.Context(), args[0], client.Override{User: user, Replaces: replaces, Start: from, End: until})
			if err != nil {
				return err
			}
			return e.emit(o, func(w io.Writer) error {
				what := "is on call too"
				if o.Replaces != "" {
					what = "stands in for " + o.Replaces
				}
				_, err := fmt.Fprintf(w, "Override %d on %s: %s %s from %s until %s\n", o.ID, args[0], o.User, what, clock(o.Start), clock(o.End))
				return err
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&user, "user", "", "who goes on call (default: you)")
	f.StringVar(&replaces, "replaces", "", "whose shift they take; leave out to add them alongside")
	f.StringVar(&start, "start", "", "when it begins (default: now); "+whenHelp)
	f.StringVar(&end, "end", "", "when it ends (required); "+whenHelp)
	return cmd
}

func overrideRemoveCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:     "remove SCHEDULE ID",
		Short:   "Remove an override; `sitrep schedule show` lists their ids",
		Example: `  sitrep override remove major-incident 12`,
		Args:    exactArgs("SCHEDULE", "ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, id, err := e.apiFor(cmd, "ID", args[1])
			if err != nil {
				return err
			}
			if err := c.RemoveOverride(cmd.Context(), args[0], id); err != nil {
				return err
			}
			return e.emit(map[string]any{"removed": id, "schedule": args[0]}, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Removed override %d from %s\n", id, args[0])
				return err
			})
		},
	}
}
