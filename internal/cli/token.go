package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

func init() { clientCommands = append(clientCommands, tokenCmd) }

// tokenCmd groups the commands on API tokens.
func tokenCmd(e *env) *cobra.Command {
	return group("token", "Manage API tokens", tokenCreateCmd(e))
}

func tokenCreateCmd(e *env) *cobra.Command {
	var user string
	cmd := &cobra.Command{
		Use:   "create NAME",
		Short: "Create an API token; its secret is printed once",
		Example: `  sitrep token create laptop
  sitrep token create ci --user deploy-bot`,
		Args: exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			t, err := c.CreateToken(cmd.Context(), user, args[0])
			if err != nil {
				return err
			}
			// The warning goes to stderr so that stdout is the secret alone,
			// ready for $(sitrep token create ...) or a password manager.
			fmt.Fprintf(e.stderr, "Token %q for %s created. Store the secret now: it is shown only this once.\n", t.Name, t.User)
			return e.emit(t, func(w io.Writer) error {
				_, err := fmt.Fprintln(w, t.Secret)
				return err
			})
		},
	}
	cmd.Flags().StringVar(&user, "user", "", "whose token (yourself when empty; admins may name anyone)")
	return cmd
}
