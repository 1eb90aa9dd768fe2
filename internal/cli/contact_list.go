package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"sitrep/client"
)

// contactList is what `contact list --json` prints.
type contactList struct {
	ContactMethods    []client.ContactMethod    `json:"contact_methods"`
	NotificationRules []client.NotificationRule `json:"notification_rules"`
}

func contactListCmd(e *env) *cobra.Command {
	var user string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List contact methods and notification rules, and when each method is notified",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			ms, err := c.ContactMethods(cmd.Context(), user)
			if err != nil {
				return err
			}
			rs, err := c.NotificationRules(cmd.Context(), user)
			if err != nil {
				return err
			}
			l := contactList{ContactMethods: ms, NotificationRules: rs}
			if l.ContactMethods == nil {
				l.ContactMethods = []client.ContactMethod{}
			}
			if l.NotificationRules == nil {
				l.NotificationRules = []client.NotificationRule{}
			}
			return e.emit(l, func(w io.Writer) error { return printContacts(w, user, l) })
		},
	}
	cmd.Flags().StringVar(&user, "user", "", "handle of whose methods to list (yourself when empty; others need admin)")
	return cmd
}

// printContacts shows each method with when a page reaches it, which is
// what a person checking their setup wants to know, then the rules by id
// so that they can be removed.
func printContacts(w io.Writer, user string, l contactList) error {
	if len(l.ContactMethods) == 0 {
		_, err := fmt.Fprintf(w, "No contact methods: pages cannot reach %s. Add one with: sitrep contact add email ADDRESS\n", orYou(user))
		return err
	}
	when := map[int64][]string{}
	for _, r := range l.NotificationRules {
		when[r.ContactMethodID] = append(when[r.ContactMethodID], after(r.DelaySeconds))
	}
	tw := table(w)
	fmt.Fprintln(tw, "ID\tKIND\tADDRESS\tLABEL\tNOTIFIED")
	for _, m := range l.ContactMethods {
		notified := strings.Join(when[m.ID], ", ")
		switch {
		case len(l.NotificationRules) == 0:
			notified = "at once (no rules yet)"
		case notified == "":
			notified = "never (no rule)"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", m.ID, m.Kind, m.Address, orDash(m.Label), notified)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(l.NotificationRules) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	tw = table(w)
	fmt.Fprintln(tw, "RULE\tMETHOD\tWHEN")
	for _, r := range l.NotificationRules {
		fmt.Fprintf(tw, "%d\t%d\t%s\n", r.ID, r.ContactMethodID, after(r.DelaySeconds))
	}
	return tw.Flush()
}
