package cli

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func heartbeatPingCmd(e *env) *cobra.Command {
	var fail bool
	cmd := &cobra.Command{
		Use:   "ping [NAME]",
		Short: "Ping a heartbeat: by NAME with your API token, or by its ping URL given as --url",
		Long: `Ping a heartbeat. With NAME, the ping goes through the API with your token.
Without NAME, --url (or SITREP_URL) is the heartbeat's ping URL itself, which
carries its own credential: a cron job needs nothing else.`,
		Example: `  sitrep heartbeat ping nightly-backup
  sitrep heartbeat ping --url https://sitrep.example.com/hb/hb_...
  backup.sh || sitrep heartbeat ping --fail --url https://sitrep.example.com/hb/hb_...`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				if !strings.Contains(e.url, "/hb/") {
					return fmt.Errorf("give a heartbeat NAME, or its ping URL (https://.../hb/...) as --url")
				}
				u := strings.TrimRight(e.url, "/")
				if fail {
					u += "/fail"
				}
				if err := client.PingURL(cmd.Context(), nil, http.MethodPost, u); err != nil {
					return err
				}
				return e.emit(map[string]bool{"ok": true}, func(w io.Writer) error {
					_, err := fmt.Fprintln(w, "ok")
					return err
				})
			}
			if fail {
				return fmt.Errorf("--fail works with a ping URL (--url), not a NAME")
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			h, err := c.PingHeartbeat(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return e.emit(h, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Pinged %s: %s, next due %s.\n", h.Name, h.Status, h.NextDueAt.Format("2006-01-02 15:04:05 UTC"))
				return err
			})
		},
	}
	cmd.Flags().BoolVar(&fail, "fail", false, "report a failure instead: the alert fires at once")
	return cmd
}
