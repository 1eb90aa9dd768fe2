package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func scheduleDeleteCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "delete NAME",
		Short: "Delete a schedule that no escalation policy pages (admin)",
		Args:  exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			if err := c.DeleteSchedule(cmd.Context(), args[0]); err != nil {
				return err
			}
			return e.emit(map[string]string{"deleted": args[0]}, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Deleted schedule %s\n", args[0])
				return err
			})
		},
	}
}

func scheduleFeedCmd(e *env) *cobra.Command {
	var user string
	cmd := &cobra.Command{
		Use:   "feed [NAME]",
		Short: "Make the iCal feed URL of a schedule, or with --user of a person's shifts",
		Long: "Prints a URL to subscribe to in a calendar app. It holds a secret, is shown once, " +
			"and making a new one stops the old one, which is how a leaked URL is revoked.",
		Example: `  sitrep schedule feed major-incident
  sitrep schedule feed --user laura`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if (len(args) == 1) == (user != "") {
				return usagef(cmd, "give a schedule NAME or --user HANDLE, not both")
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			var f client.Feed
			if user != "" {
				f, err = c.UserFeed(cmd.Context(), user)
			} else {
				f, err = c.ScheduleFeed(cmd.Context(), args[0])
			}
			if err != nil {
				return err
			}
			return e.emit(f, func(w io.Writer) error {
				_, err := fmt.Fprintln(w, f.URL)
				return err
			})
		},
	}
	cmd.Flags().StringVar(&user, "user", "", "make the personal feed of this handle (your own; admins may make anyone's)")
	return cmd
}
