package cli

import (
	"errors"

	"github.com/spf13/cobra"

	"sitrep/client"
)

// errNoToken is what a client command says before it calls the API without a
// token: every API route but health needs one, and the server's refusal would
// not say where the first token lives.
var errNoToken = errors.New("no API token: set SITREP_TOKEN or --token; the first admin token is in DATA/admin.token (DATA is the server's --data directory)")

// api returns a client for the server, or errNoToken when there is no token.
func (e *env) api() (*client.Client, error) {
	if e.token == "" {
		return nil, errNoToken
	}
	return e.client(), nil
}

// apiFor parses the positional argument arg, called name, with number and
// returns a client: the first two steps of every command about one incident,
// page or id. The argument is checked first, so a typo is reported even
// without a token.
func (e *env) apiFor(cmd *cobra.Command, name, arg string) (*client.Client, int64, error) {
	n, err := number(cmd, name, arg)
	if err != nil {
		return nil, 0, err
	}
	c, err := e.api()
	if err != nil {
		return nil, 0, err
	}
	return c, n, nil
}
