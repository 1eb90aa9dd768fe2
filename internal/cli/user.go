package cli

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, userCmd) }

// userCmd groups the commands on users.
func userCmd(e *env) *cobra.Command {
	return group("user", "Manage users (admin)", userAddCmd(e))
}

func userAddCmd(e *env) *cobra.Command {
	var u client.NewUser
	var passwordStdin bool
	cmd := &cobra.Command{
		Use:     "add HANDLE",
		Short:   "Add a user",
		Example: `  sitrep user add laura --name "Laura de Vesine" --email laura@example.com --role responder`,
		Args:    exactArgs("HANDLE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			u.Handle = args[0]
			if passwordStdin {
				p, err := readPassword(cmd.InOrStdin())
				if err != nil {
					return err
				}
				u.Password = p
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			out, err := c.CreateUser(cmd.Context(), u)
			if err != nil {
				return err
			}
			return e.emit(out, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Added %s (%s, %s) as %s\n", out.Handle, out.Name, out.Email, out.Role)
				return err
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&u.Name, "name", "", "full name")
	f.StringVar(&u.Email, "email", "", "email address")
	f.StringVar(&u.Role, "role", "responder", "viewer, responder or admin")
	f.BoolVar(&passwordStdin, "password-stdin", false, "read a web UI password from the first line of stdin (never a flag, so it stays out of shell history)")
	return cmd
}

func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	p := strings.TrimRight(line, "\r\n")
	if p == "" {
		return "", fmt.Errorf("--password-stdin: stdin was empty; pipe the password in, such as: pass show sitrep/laura | sitrep user add laura ... --password-stdin")
	}
	return p, nil
}
