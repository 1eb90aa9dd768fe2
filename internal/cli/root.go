// Package cli owns sitrep's command line: the serve and migrate commands that
// run the server, and the client commands (declare, join, role, ...) that
// call a server's API with SITREP_URL and SITREP_TOKEN.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"sitrep/client"
	"sitrep/internal/app"
)

// Main runs the command line and returns the process exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	if err := root.ExecuteContext(ctx); err != nil {
		var apiErr *client.Error
		if errors.As(err, &apiErr) {
			fmt.Fprintln(stderr, "sitrep:", apiErr.Error())
		} else {
			fmt.Fprintln(stderr, "sitrep:", err)
		}
		return 1
	}
	return 0
}

// env holds what client commands share: where the server is and how to print.
type env struct {
	stdout, stderr io.Writer
	url, token     string
	json           bool
}

func (e *env) client() *client.Client { return client.New(e.url, e.token) }

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	e := &env{stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:           "sitrep",
		Short:         "Incident command: declare, staff, split and follow incidents",
		Version:       app.Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	pf := root.PersistentFlags()
	pf.StringVar(&e.url, "url", envOr("SITREP_URL", "http://127.0.0.1:8080"), "sitrep server URL (env SITREP_URL)")
	pf.StringVar(&e.token, "token", os.Getenv("SITREP_TOKEN"), "API token (env SITREP_TOKEN)")
	pf.BoolVar(&e.json, "json", false, "print JSON instead of text")
	root.AddCommand(serveCmd(stdout), migrateCmd())
	for _, add := range clientCommands {
		root.AddCommand(add(e))
	}
	return root
}

// clientCommands lists the constructors of the commands that call the API.
// Each lives in a file named after what it does.
var clientCommands []func(*env) *cobra.Command

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
