package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func probeAddCmd(e *env) *cobra.Command {
	var p client.Probe
	var httpURL, tcp, dnsName, tlsAddr, dnsType, dnsServer, contains string
	var expect []string
	cmd := &cobra.Command{
		Use:   "add NAME (--http URL | --tcp HOST:PORT | --dns NAME | --tls HOST:PORT)",
		Short: "Add a probe",
		Example: `  sitrep probes add api --http https://api.example.com/healthz --contains ok --interval 30
  sitrep probes add db --tcp db.example.com:5432 --vantage local --vantage eu-west --min-failing 2
  sitrep probes add www-dns --dns www.example.com --dns-type A --expect 192.0.2.10`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p.Name = args[0]
			set := 0
			for kind, target := range map[string]string{"http": httpURL, "tcp": tcp, "dns": dnsName, "tls": tlsAddr} {
				if target != "" {
					p.Kind, p.Target = kind, target
					set++
				}
			}
			if set != 1 {
				return fmt.Errorf("give exactly one of --http URL, --tcp HOST:PORT, --dns NAME or --tls HOST:PORT")
			}
			switch p.Kind {
			case "http":
				if contains != "" {
					p.HTTP = &client.ProbeHTTP{BodyContains: contains}
				}
			case "dns":
				p.DNS = &client.ProbeDNS{Type: dnsType, Server: dnsServer, Expect: expect}
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			out, err := c.CreateProbe(cmd.Context(), p)
			if err != nil {
				return err
			}
			return e.emit(out, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Added probe %s: %s %s every %ds from %s.\n", out.Name, out.Kind, out.Target, out.IntervalSeconds, strings.Join(out.Vantages, ", "))
				return err
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&httpURL, "http", "", "check this URL answers 2xx")
	f.StringVar(&tcp, "tcp", "", "check a TCP connection to HOST:PORT opens")
	f.StringVar(&dnsName, "dns", "", "look this name up")
	f.StringVar(&tlsAddr, "tls", "", "check the TLS handshake and certificate expiry at HOST:PORT")
	f.StringVar(&contains, "contains", "", "http: the answer must contain this text")
	f.StringVar(&dnsType, "dns-type", "", "dns: A (default), AAAA, CNAME, TXT or MX")
	f.StringVar(&dnsServer, "dns-server", "", "dns: resolver HOST:PORT (default: the server's)")
	f.StringSliceVar(&expect, "expect", nil, "dns: a record the answer must contain (repeatable)")
	f.IntVar(&p.IntervalSeconds, "interval", 0, "seconds between checks (at least 10; default 60)")
	f.Float64Var(&p.TimeoutSeconds, "timeout", 0, "seconds one check may take (default 10)")
	f.IntVar(&p.FailuresBeforeAlert, "failures", 0, "failures in a row before it alerts (default 2)")
	f.IntVar(&p.SuccessesBeforeRecovery, "successes", 0, "successes in a row before it recovers (default 2)")
	f.StringVar(&p.Service, "service", "", "service label of its alert")
	f.StringVar(&p.Severity, "severity", "", "severity label of its alert")
	f.StringSliceVar(&p.Vantages, "vantage", nil, "where it runs: local and agent names (repeatable; default local)")
	f.IntVar(&p.MinFailing, "min-failing", 0, "vantage points that must see it down (default 1)")
	return cmd
}
