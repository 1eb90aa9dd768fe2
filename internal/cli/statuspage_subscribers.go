package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, subscribersCmd) }

// subscribersCmd lists the status page's subscribers (admin).
func subscribersCmd(e *env) *cobra.Command {
	var after int64
	cmd := &cobra.Command{
		Use:   "subscribers",
		Short: "List status page subscribers, email and webhook (admin)",
		Example: `  sitrep subscribers
  sitrep subscribers add-webhook https://hooks.example.com/status`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			subs, err := c.StatusSubscribers(cmd.Context(), after)
			if err != nil {
				return err
			}
			return e.emit(map[string]any{"subscribers": subs}, func(w io.Writer) error {
				if len(subs) == 0 {
					_, err := fmt.Fprintln(w, "No subscribers.")
					return err
				}
				tw := table(w)
				fmt.Fprintln(tw, "ID\tKIND\tSTATUS\tADDRESS")
				for _, s := range subs {
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", s.ID, s.Kind, s.Status, oneLine(s.Address))
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				if len(subs) == 500 {
					_, err := fmt.Fprintf(w, "More: sitrep subscribers --after %d\n", subs[len(subs)-1].ID)
					return err
				}
				return nil
			})
		},
	}
	cmd.Flags().Int64Var(&after, "after", 0, "continue after this subscriber id")
	cmd.AddCommand(subscriberWebhookCmd(e), subscriberRemoveCmd(e))
	return cmd
}

func subscriberWebhookCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "add-webhook URL",
		Short: "Add a webhook subscriber; prints the signing secret once (admin)",
		Args:  exactArgs("URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			out, err := c.AddStatusWebhook(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return e.emit(out, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Added webhook subscriber %d\nSigning secret (shown only now): %s\n", out.ID, out.Secret)
				return err
			})
		},
	}
}

func subscriberRemoveCmd(e *env) *cobra.Command {
	return byIDCmd(e, "remove", "Remove a subscriber (admin)", "removed", "subscriber",
		func(ctx context.Context, c *client.Client, id int64) error { return c.DeleteStatusSubscriber(ctx, id) })
}
