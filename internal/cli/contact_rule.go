package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
)

func contactRuleCmd(e *env) *cobra.Command {
	return group("rule", "Say when each contact method is notified while a page waits unacknowledged",
		contactRuleAddCmd(e), contactRuleRemoveCmd(e))
}

func contactRuleAddCmd(e *env) *cobra.Command {
	var user string
	var wait time.Duration
	cmd := &cobra.Command{
		Use:   "add METHOD_ID",
		Short: "Notify a contact method once a page has waited --after unacknowledged",
		Example: `  sitrep contact rule add 1 --after 0     # email at once
  sitrep contact rule add 2 --after 2m    # SMS after 2 minutes if not acknowledged`,
		Args: exactArgs("METHOD_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := number(cmd, "METHOD_ID", args[0])
			if err != nil {
				return err
			}
			// The API takes whole seconds; refusing here keeps 1.5s from
			// silently becoming 1s.
			if wait < 0 || wait > time.Hour || wait%time.Second != 0 {
				return usagef(cmd, "--after: %s is not whole seconds from 0 to 1h; write it as 0, 90s or 2m", wait)
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			r, err := c.AddNotificationRule(cmd.Context(), user, id, wait)
			if err != nil {
				return err
			}
			return e.emit(r, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Added rule %d for %s: contact method %d %s\n", r.ID, r.User, r.ContactMethodID, after(r.DelaySeconds))
				return err
			})
		},
	}
	cmd.Flags().StringVar(&user, "user", "", "handle of whose rule to add (yourself when empty; others need admin)")
	cmd.Flags().DurationVar(&wait, "after", 0, "how long a page waits unacknowledged before this method is notified (0 is at once)")
	return cmd
}

func contactRuleRemoveCmd(e *env) *cobra.Command {
	var user string
	cmd := &cobra.Command{
		Use:   "remove RULE_ID",
		Short: "Remove a notification rule",
		Args:  exactArgs("RULE_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, id, err := e.apiFor(cmd, "RULE_ID", args[0])
			if err != nil {
				return err
			}
			if err := c.RemoveNotificationRule(cmd.Context(), user, id); err != nil {
				return err
			}
			if e.json {
				return nil
			}
			_, err = fmt.Fprintf(e.stdout, "Removed %s notification rule %d\n", whose(user), id)
			return err
		},
	}
	cmd.Flags().StringVar(&user, "user", "", "handle of whose rule to remove (yourself when empty; others need admin)")
	return cmd
}
