package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, deliveriesCmd) }

func deliveriesCmd(e *env) *cobra.Command {
	var failed bool
	var page int64
	var cursor string
	cmd := &cobra.Command{
		Use:   "deliveries",
		Short: "List notifications and whether they reached people; --failed shows what did not, and why",
		Long: `List notifications newest first: each contact method of each person paged,
with its status (pending, sent, failed or canceled), how often it was tried
and the last error. A failed notification is someone who was not reached:
the error says what to fix, such as a channel that is not configured.`,
		Example: `  sitrep deliveries --failed
  sitrep deliveries --page 7`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			status := ""
			if failed {
				status = "failed"
			}
			l, err := c.Deliveries(cmd.Context(), page, status, cursor)
			if err != nil {
				return err
			}
			if l.Deliveries == nil {
				l.Deliveries = []client.Delivery{}
			}
			return e.emit(l, func(w io.Writer) error {
				if len(l.Deliveries) == 0 {
					_, err := fmt.Fprintln(w, noDeliveries(failed, page))
					return err
				}
				if err := printDeliveries(w, l.Deliveries, page == 0); err != nil {
					return err
				}
				if l.NextCursor != "" {
					_, err := fmt.Fprintf(w, "More: sitrep deliveries%s --cursor %s\n", deliveryFlags(failed, page), l.NextCursor)
					return err
				}
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.BoolVar(&failed, "failed", false, "only notifications that failed for good")
	f.Int64Var(&page, "page", 0, "only the notifications of this page")
	f.StringVar(&cursor, "cursor", "", "continue after a previous listing (printed after More:)")
	return cmd
}

func noDeliveries(failed bool, page int64) string {
	switch {
	case failed && page != 0:
		return fmt.Sprintf("No failed notifications for page %d.", page)
	case failed:
		return "No failed notifications."
	case page != 0:
		return fmt.Sprintf("No notifications for page %d: nobody it reached has a contact method, or nobody was on call.", page)
	}
	return "No notifications yet."
}

// printDeliveries prints one notification a line. The last error goes last
// and whole: it is the one column people read to fix what failed.
func printDeliveries(w io.Writer, ds []client.Delivery, withPage bool) error {
	tw := table(w)
	if withPage {
		fmt.Fprint(tw, "PAGE\t")
	}
	fmt.Fprintln(tw, "WHO\tCHANNEL\tADDRESS\tSTATUS\tATTEMPTS\tLAST ERROR")
	for _, d := range ds {
		if withPage {
			fmt.Fprintf(tw, "%d\t", d.Page)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", orDash(d.User), d.Channel, d.Address, deliveryStatus(d), d.Attempts, orDash(d.LastError))
	}
	return tw.Flush()
}

// deliveryStatus adds when a pending notification is next due, which is
// when a rule such as "SMS after 2 minutes" will fire unless acknowledged.
func deliveryStatus(d client.Delivery) string {
	if d.Status != "pending" || d.NextTry.IsZero() {
		return d.Status
	}
	if wait := time.Until(d.NextTry).Round(time.Second); wait >= time.Second {
		return "pending, due in " + shortDuration(wait)
	}
	return "pending"
}

// shortDuration writes whole seconds the way people say them: 45s, 2m,
// 1h30m, 1h (not 2m0s or 1h0m0s).
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// deliveryFlags repeats the filters of a listing, for its "More:" hint.
func deliveryFlags(failed bool, page int64) string {
	var b strings.Builder
	if failed {
		b.WriteString(" --failed")
	}
	if page != 0 {
		fmt.Fprintf(&b, " --page %d", page)
	}
	return b.String()
}
