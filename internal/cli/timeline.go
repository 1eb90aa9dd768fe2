package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, timelineCmd) }

func timelineCmd(e *env) *cobra.Command {
	var after int64
	var follow bool
	cmd := &cobra.Command{
		Use:   "timeline N",
		Short: "Print an incident's timeline; --follow keeps printing new events until Ctrl-C",
		Args:  exactArgs("N"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, n, err := e.apiFor(cmd, "N", args[0])
			if err != nil {
				return err
			}
			if follow {
				return e.follow(cmd, c, n, after)
			}
			page, err := c.Timeline(cmd.Context(), n, after, 0)
			if err != nil {
				return err
			}
			return e.emit(page, func(w io.Writer) error {
				for _, ev := range page.Events {
					if err := printEvent(w, ev); err != nil {
						return err
					}
				}
				if page.NextCursor != "" {
					_, err := fmt.Fprintf(w, "More: sitrep timeline %d --after %s\n", n, page.NextCursor)
					return err
				}
				return nil
			})
		},
	}
	cmd.Flags().Int64Var(&after, "after", 0, "start after this sequence number")
	cmd.Flags().BoolVarP(&follow, "follow", "f", false, "keep printing events as they happen, until Ctrl-C")
	return cmd
}

// follow prints events as they happen until the context ends, which is how a
// reader stops it (Ctrl-C), so that end is a success. Under --json it prints
// one compact object per line, which a stream reader such as jq can take.
func (e *env) follow(cmd *cobra.Command, c *client.Client, n, after int64) error {
	err := c.Follow(cmd.Context(), n, after, func(ev client.Event) error {
		if e.json {
			b, err := json.Marshal(ev)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(e.stdout, "%s\n", b)
			return err
		}
		return printEvent(e.stdout, ev)
	})
	if cmd.Context().Err() != nil && errors.Is(err, cmd.Context().Err()) {
		return nil
	}
	return err
}

// printEvent prints one event on one line: when, sequence, kind, who, what.
func printEvent(w io.Writer, ev client.Event) error {
	_, err := fmt.Fprintf(w, "%s %5d %-26s %-12s %s\n", clock(ev.At), ev.Seq, ev.Kind, orDash(ev.Actor), compactData(ev.Data))
	return err
}

// maxData keeps a long message body from flooding the terminal; the whole
// event is one --json away.
const maxData = 200

func compactData(raw json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		b.Reset()
		b.Write(raw)
	}
	s := b.String()
	if s == "null" || s == "{}" {
		return ""
	}
	if r := []rune(s); len(r) > maxData {
		return string(r[:maxData]) + "…"
	}
	return s
}
