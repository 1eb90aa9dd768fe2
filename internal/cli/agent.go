package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"sitrep/client"
	"sitrep/internal/notify"
	"sitrep/internal/watch"
)

func init() { clientCommands = append(clientCommands, agentCmd) }

func agentCmd(e *env) *cobra.Command {
	var server, name string
	var allowPrivate bool
	var buffer int
	cmd := &cobra.Command{
		Use:   "agent",
		Short: "Run a remote vantage point: run the probes assigned to --name and report results to the server",
		Long: `Run a remote vantage point. The agent fetches the probes whose vantage
points include --name from the server, runs them on their schedules with the
same checks the server runs, and reports the results in batches. A probe
with min_failing k alerts when k of its vantage points see it down, so
agents in other regions tell "the target is down" from "one network path is".

The token is an API token of a user with at least the responder role. When
the server cannot be reached, the agent keeps up to --buffer results and
retries with capped exponential backoff and jitter. Run it on other
infrastructure than the server (another region or provider).`,
		Example: `  sitrep agent --server https://sitrep.example.com --token $SITREP_AGENT_TOKEN --name eu-west`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if name == "" {
				return fmt.Errorf("--name is required: the vantage point's name, as probes list it (such as eu-west)")
			}
			if e.token == "" {
				return errNoToken
			}
			if server == "" {
				server = e.url
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			log := slog.New(slog.NewTextHandler(e.stderr, nil)).With("agent", name)
			log.Info("sitrep agent starting", "server", server)
			a := &watch.Agent{Name: name, Server: agentServer{c: client.New(server, e.token), name: name},
				Checker: watch.NewChecker(notify.Guard{AllowPrivate: allowPrivate}), Log: log, Buffer: buffer}
			a.Run(ctx)
			log.Info("sitrep agent stopped")
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&server, "server", "", "sitrep server URL (default: --url, env SITREP_URL)")
	f.StringVar(&name, "name", "", "this vantage point's name, as probes list it in their vantages (such as eu-west)")
	f.BoolVar(&allowPrivate, "allow-private", false, "let probes reach loopback and private addresses from here")
	f.IntVar(&buffer, "buffer", watch.DefaultAgentBuffer, "results kept while the server is unreachable; the oldest go first")
	return cmd
}

// agentServer is the server's agent API through the public client.
type agentServer struct {
	c    *client.Client
	name string
}

func (s agentServer) Probes(ctx context.Context) ([]watch.Probe, error) {
	ps, err := s.c.AgentProbes(ctx, s.name)
	if err != nil {
		return nil, err
	}
	// The client's probes and the checker's have one wire form.
	b, err := json.Marshal(ps)
	if err != nil {
		return nil, err
	}
	var out []watch.Probe
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("read assignments: %w", err)
	}
	return out, nil
}

func (s agentServer) Report(ctx context.Context, rs []watch.ProbeResult) error {
	out := make([]client.ProbeResult, len(rs))
	for i, r := range rs {
		out[i] = client.ProbeResult{Probe: r.Probe, At: r.At, OK: r.OK, LatencyMs: r.LatencyMs, Error: r.Error}
	}
	_, err := s.c.ReportResults(ctx, s.name, out)
	var ce *client.Error
	if errors.As(err, &ce) && (ce.Status == http.StatusBadRequest || ce.Status == http.StatusUnprocessableEntity) {
		return fmt.Errorf("%w: %v", watch.ErrRejected, err)
	}
	return err
}
