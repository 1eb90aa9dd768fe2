package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func probeShowCmd(e *env) *cobra.Command {
	var limit int
	cmd := &cobra.Command{
		Use:   "show NAME",
		Short: "Show a probe's state, uptime, latency and recent results",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			p, err := c.Probe(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			h, err := c.ProbeResults(cmd.Context(), args[0], limit)
			if err != nil {
				return err
			}
			v := struct {
				Probe   client.Probe        `json:"probe"`
				Results client.ProbeHistory `json:"results"`
			}{p, h}
			return e.emit(v, func(w io.Writer) error { return printProbe(w, p, h) })
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 20, "recent results to show")
	return cmd
}

func printProbe(w io.Writer, p client.Probe, h client.ProbeHistory) error {
	s := h.Summary
	fmt.Fprintf(w, "%s: %s %s, every %ds, state %s\n", p.Name, p.Kind, p.Target, p.IntervalSeconds, s.State)
	fmt.Fprintf(w, "Uptime: %s (24h)  %s (7d)  %s (30d)\n", pct(s.Uptime24h), pct(s.Uptime7d), pct(s.Uptime30d))
	fmt.Fprintf(w, "Latency (24h): p50 %.1f ms, p95 %.1f ms\n", s.P50Ms24h, s.P95Ms24h)
	for _, v := range s.Vantages {
		line := fmt.Sprintf("  %s: %s", v.Name, v.Status)
		if !v.LastAt.IsZero() {
			line += ", last " + v.LastAt.Format(time.RFC3339)
		}
		if v.LastError != "" {
			line += ": " + v.LastError
		}
		fmt.Fprintln(w, line)
	}
	if len(h.Recent) == 0 {
		_, err := fmt.Fprintln(w, "No results yet.")
		return err
	}
	tw := table(w)
	fmt.Fprintln(tw, "AT\tFROM\tOK\tLATENCY\tERROR")
	for _, r := range h.Recent {
		fmt.Fprintf(tw, "%s\t%s\t%v\t%.1f ms\t%s\n", r.At.Format(time.RFC3339), r.Vantage, r.OK, r.LatencyMs, orDash(r.Error))
	}
	return tw.Flush()
}

func pct(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%.2f%%", *v)
}
