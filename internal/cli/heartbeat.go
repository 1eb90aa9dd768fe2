package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, heartbeatCmd, heartbeatsCmd) }

// heartbeatCmd groups the commands on heartbeats: the deadlines that cron
// jobs and the main monitoring keep pushing back.
func heartbeatCmd(e *env) *cobra.Command {
	return group("heartbeat", "Ping, add and remove heartbeats (dead-man's switches for jobs and the main monitoring)",
		heartbeatPingCmd(e), heartbeatAddCmd(e), heartbeatRemoveCmd(e))
}

func heartbeatAddCmd(e *env) *cobra.Command {
	var n client.NewHeartbeat
	var interval, grace time.Duration
	cmd := &cobra.Command{
		Use:   "add NAME --interval DURATION",
		Short: "Add a heartbeat and print its ping URL (shown once)",
		Example: `  sitrep heartbeat add nightly-backup --interval 24h --grace 1h --service billing
  sitrep heartbeat add prometheus-eu1 --interval 1m --kind monitoring`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if interval <= 0 || interval%time.Second != 0 {
				return fmt.Errorf("--interval: give how often the pings come in whole seconds or more, such as 1m or 24h")
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			n.Name, n.IntervalSeconds, n.GraceSeconds = args[0], int64(interval/time.Second), int64(grace/time.Second)
			h, err := c.CreateHeartbeat(cmd.Context(), n)
			if err != nil {
				return err
			}
			return e.emit(h, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Added heartbeat %s (%s, every %s, grace %s).\nPing URL, shown once: %s\nFrom cron: curl -fsS -m 10 --retry 3 %s\n",
					h.Name, h.Kind, hbSpan(h.IntervalSeconds), hbSpan(h.GraceSeconds), h.PingURL, h.PingURL)
				return err
			})
		},
	}
	fl := cmd.Flags()
	fl.DurationVar(&interval, "interval", 0, "how often the pings come, such as 1m or 24h (at least 10s)")
	fl.DurationVar(&grace, "grace", 0, "how late a ping may be before the alert (default min(interval, 5m))")
	fl.StringVar(&n.Kind, "kind", "", "job (default) or monitoring: the main monitoring's dead-man's switch")
	fl.StringVar(&n.Service, "service", "", "service whose on-call the alert pages")
	fl.StringVar(&n.Severity, "severity", "", "severity label of the alert (default critical)")
	fl.StringVar(&n.Description, "description", "", "what to do when it fires")
	return cmd
}

func heartbeatRemoveCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "remove NAME",
		Short: "Remove a heartbeat; its alert, if firing, resolves",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			if err := c.RemoveHeartbeat(cmd.Context(), args[0]); err != nil {
				return err
			}
			return e.emit(map[string]string{"removed": args[0]}, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Removed heartbeat %s.\n", args[0])
				return err
			})
		},
	}
}

// hbSpan prints a whole number of seconds as a short duration ("1m0s" -> "1m").
func hbSpan(s int64) string { return shortDuration(time.Duration(s) * time.Second) }
