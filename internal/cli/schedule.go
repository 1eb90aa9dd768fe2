package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, scheduleCmd) }

// scheduleCmd groups the commands on on-call schedules.
func scheduleCmd(e *env) *cobra.Command {
	return group("schedule", "Create, change and read on-call schedules",
		scheduleSaveCmd(e, "add", "Create a schedule (admin)"), scheduleSaveCmd(e, "replace", "Replace a schedule's zone, description and layers (admin)"),
		scheduleShowCmd(e), scheduleListCmd(e), scheduleDeleteCmd(e), scheduleFeedCmd(e))
}

// scheduleFlags is what add and replace read from the command line.
type scheduleFlags struct {
	zone, description, file string
	layers                  []string
}

// spec builds the request from either --file or the other flags; mixing them
// would leave the reader guessing which wins.
func (f scheduleFlags) spec(cmd *cobra.Command, in io.Reader) (client.ScheduleSpec, error) {
	var sp client.ScheduleSpec
	if f.file != "" {
		if len(f.layers) > 0 || f.zone != "" || f.description != "" {
			return sp, usagef(cmd, "--file holds the whole schedule; leave out --layer, --time-zone and --description")
		}
		return readSpec(f.file, in)
	}
	if len(f.layers) == 0 {
		return sp, usagef(cmd, "give at least one --layer, or --file")
	}
	sp.TimeZone, sp.Description = f.zone, f.description
	for i, v := range f.layers {
		l, err := parseLayer(v)
		if err != nil {
			return sp, usagef(cmd, "--layer %d: %v\n  --layer %s", i+1, err, layerSyntax)
		}
		sp.Layers = append(sp.Layers, l)
	}
	return sp, nil
}

// readSpec reads a schedule as JSON, as GET /api/v1/schedules/NAME writes it,
// from a file or from stdin ("-").
func readSpec(path string, stdin io.Reader) (client.ScheduleSpec, error) {
	var sp client.ScheduleSpec
	r := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return sp, fmt.Errorf("--file: %w", err)
		}
		defer f.Close()
		r = f
	}
	dec := json.NewDecoder(io.LimitReader(r, 4<<20))
	if err := dec.Decode(&sp); err != nil {
		return sp, fmt.Errorf("--file %s: not a schedule in JSON: %w", path, err)
	}
	return sp, nil
}

func scheduleSaveCmd(e *env, verb, short string) *cobra.Command {
	var f scheduleFlags
	cmd := &cobra.Command{
		Use:   verb + " NAME",
		Short: short,
		Example: `  sitrep schedule ` + verb + ` major-incident --time-zone Europe/Berlin \
    --layer 'members=laura,laurent;start=2026-03-23T09:00;shift=weekly' \
    --layer 'members=sam;start=2026-03-23T18:00;shift=daily;window=weekdays@18:00-09:00'
  sitrep schedule ` + verb + ` exec-on-call --file exec-on-call.json`,
		Args: exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			sp, err := f.spec(cmd, cmd.InOrStdin())
			if err != nil {
				return err
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			var s client.Schedule
			if verb == "add" {
				sp.Name = args[0]
				s, err = c.CreateSchedule(cmd.Context(), sp)
			} else {
				s, err = c.ReplaceSchedule(cmd.Context(), args[0], sp)
			}
			if err != nil {
				return err
			}
			return e.emit(s, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Saved schedule %s (%s, %d layers)\n", s.Name, s.TimeZone, len(s.Layers))
				return err
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.zone, "time-zone", "", "IANA zone hand-offs are read in, such as Europe/Berlin or America/New_York")
	fl.StringVar(&f.description, "description", "", "who the rotation is for and how to reach them")
	fl.StringArrayVar(&f.layers, "layer", nil, "a rotation layer, bottom up (repeatable):\n  "+layerSyntax)
	fl.StringVar(&f.file, "file", "", "read the whole schedule as JSON from this file (- for stdin)")
	return cmd
}
