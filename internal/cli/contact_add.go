package cli

import (
	"io"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func contactAddCmd(e *env) *cobra.Command {
	var user, label string
	cmd := &cobra.Command{
		Use:   "add KIND ADDRESS",
		Short: "Add a way to reach you: email, sms, voice, slack or webhook",
		Long: `Add a contact method. ADDRESS is an email address for email, a phone number
in E.164 form (+14155550100) for sms and voice, a Slack incoming-webhook URL
or channel ID for slack, and an http(s) URL for webhook.

Until you add a notification rule, every method is notified as soon as you
are paged; see "sitrep contact rule add".`,
		Example: `  sitrep contact add email laura@example.com
  sitrep contact add sms +41791234567 --label mobile
  sitrep contact add webhook https://hooks.example.com/sitrep --user sam`,
		Args: exactArgs("KIND", "ADDRESS"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			m, err := c.AddContactMethod(cmd.Context(), user, client.NewContactMethod{Kind: args[0], Address: args[1], Label: label})
			if err != nil {
				return err
			}
			return e.emit(m, func(w io.Writer) error { return printMethod(w, "Added", m) })
		},
	}
	cmd.Flags().StringVar(&user, "user", "", "handle of whose method to add (yourself when empty; others need admin)")
	cmd.Flags().StringVar(&label, "label", "", "what the method is, such as \"work phone\"")
	return cmd
}
