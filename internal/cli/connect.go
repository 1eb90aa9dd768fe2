package cli

import (
	"errors"

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
