package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, pageCmd) }

func pageCmd(e *env) *cobra.Command {
	var r client.PageRequest
	var to []string
	cmd := &cobra.Command{
		Use:   "page SUMMARY",
		Short: "Page people: straight to --to targets, or through an escalation --policy",
		Long: `Page people about SUMMARY. Name whom to reach either with --to (repeatable),
all reached at once, or with --policy, whose steps escalate until someone
acknowledges. Targets are user:HANDLE, schedule:NAME (whoever is on call),
policy:NAME, or group:incident-leads, incident-responders, incident-commander
or family-commanders (of --incident).

It prints the page id and who is being notified. Then:
  sitrep ack ID              you have it: escalation stops (or use the link in the message)
  sitrep page-resolve ID     the page needs nobody any more
  sitrep deliveries --page ID    whether each notification went out, and why not`,
		Example: `  sitrep page "eu1 control planes unreachable" --to user:laura
  sitrep page "SEV-1: alerting down" --to schedule:major-incident --to schedule:exec-on-call --incident 42 --severity SEV-1
  sitrep page "certificate service overloaded" --policy major-incident --details "p99 over 30s since 01:20"`,
		Args: exactArgs("SUMMARY"),
		RunE: func(cmd *cobra.Command, args []string) error {
			targets, err := parseTo(cmd, to)
			if err != nil {
				return err
			}
			// The server refuses these too, but in the API's field names;
			// here the refusal names the flags to use.
			switch {
			case len(targets) == 0 && r.Policy == "":
				return usagef(cmd, "no targets: name whom to page with --to KIND:REF (such as user:laura or schedule:major-incident; repeatable) or --policy NAME")
			case len(targets) > 0 && r.Policy != "":
				return usagef(cmd, "give targets either with --to or through --policy, not both")
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			r.Summary, r.Targets = args[0], targets
			p, err := c.Trigger(cmd.Context(), r)
			if err != nil {
				return err
			}
			rep, err := e.reach(cmd, c, p)
			if err != nil {
				return err
			}
			return e.emit(rep, func(w io.Writer) error { return printPaged(w, rep, targets) })
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&to, "to", nil, "whom to reach at once, as KIND:REF: user:laura, schedule:major-incident, policy:exec, group:incident-leads (repeatable)")
	f.StringVar(&r.Policy, "policy", "", "escalation policy to run instead of --to")
	f.Int64Var(&r.Incident, "incident", 0, "incident number the page is about (needed for group: targets)")
	f.StringVar(&r.Severity, "severity", "", "severity to show in the message, such as SEV-1")
	f.StringVar(&r.Details, "details", "", "more text for the message body")
	return cmd
}

// parseTo reads --to flags. It checks the KIND:REF shape only; the server
// checks kinds and that what they name exists, naming the target it refuses.
func parseTo(cmd *cobra.Command, to []string) ([]client.PageTarget, error) {
	var out []client.PageTarget
	for _, s := range to {
		kind, ref, ok := strings.Cut(strings.TrimSpace(s), ":")
		kind, ref = strings.TrimSpace(kind), strings.TrimSpace(ref)
		if !ok || kind == "" || ref == "" {
			return nil, usagef(cmd, "--to %q is not KIND:REF; write user:laura, schedule:major-incident, policy:exec or group:incident-leads", s)
		}
		out = append(out, client.PageTarget{Kind: kind, Ref: ref})
	}
	return out, nil
}

// printPaged says what the page is and who is being notified. A user named
// with --to who got no notification has no contact method: that is said by
// name, because a page that reaches nobody must not look like one that
// worked.
func printPaged(w io.Writer, rep pageReport, targets []client.PageTarget) error {
	p := rep.Page
	fmt.Fprintf(w, "Page %d %s: %s\n", p.ID, p.Status, p.Summary)
	if len(rep.People) == 0 {
		fmt.Fprintln(w, "Nobody is being notified yet: no one the first step reached has a contact method, or nobody is on call.")
	} else {
		fmt.Fprintf(w, "Notifying %s: %s\n", people(len(rep.People)), strings.Join(rep.People, ", "))
		if err := printDeliveries(w, rep.Deliveries, false); err != nil {
			return err
		}
	}
	notified := map[string]bool{}
	for _, h := range rep.People {
		notified[h] = true
	}
	for _, t := range targets {
		if t.Kind == "user" && !notified[t.Ref] {
			fmt.Fprintf(w, "%s has no contact method and is not notified; add one with: sitrep contact add email ADDRESS --user %s\n", t.Ref, t.Ref)
		}
	}
	_, err := fmt.Fprintf(w, "Acknowledge: sitrep ack %d   End: sitrep page-resolve %d\n", p.ID, p.ID)
	return err
}

func people(n int) string {
	if n == 1 {
		return "1 person"
	}
	return fmt.Sprintf("%d people", n)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
