package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, servicesCmd) }

// servicesCmd lists services; its subcommands change the catalog.
func servicesCmd(e *env) *cobra.Command {
	var cursor string
	cmd := &cobra.Command{
		Use:   "services",
		Short: "List services: the things that break, their tier, owner team and escalation policy",
		Example: `  sitrep services
  sitrep services add checkout --tier 1 --team payments --policy checkout-oncall`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			l, err := c.Services(cmd.Context(), cursor, 0)
			if err != nil {
				return err
			}
			if l.Services == nil {
				l.Services = []client.Service{}
			}
			return e.emit(l, func(w io.Writer) error {
				if len(l.Services) == 0 {
					_, err := fmt.Fprintln(w, "No services. Add one with: sitrep services add NAME --tier 1 --policy POLICY")
					return err
				}
				tw := table(w)
				fmt.Fprintln(tw, "NAME\tTIER\tTEAM\tPOLICY\tDISPLAY NAME")
				for _, s := range l.Services {
					fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", s.Name, s.Tier, orDash(s.OwnerTeam), s.Policy, oneLine(s.DisplayName))
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				if l.NextCursor != "" {
					_, err := fmt.Fprintf(w, "More: sitrep services --cursor %s\n", l.NextCursor)
					return err
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&cursor, "cursor", "", "continue after a previous listing (printed after More:)")
	cmd.AddCommand(serviceAddCmd(e), serviceShowCmd(e), serviceRemoveCmd(e))
	return cmd
}

func serviceAddCmd(e *env) *cobra.Command {
	var s client.Service
	cmd := &cobra.Command{
		Use:     "add NAME",
		Short:   "Add a service (admin)",
		Example: `  sitrep services add checkout --tier 1 --team payments --policy checkout-oncall --display-name "Checkout"`,
		Args:    exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s.Name = args[0]
			c, err := e.api()
			if err != nil {
				return err
			}
			out, err := c.CreateService(cmd.Context(), s)
			if err != nil {
				return err
			}
			return e.emit(out, func(w io.Writer) error {
				fmt.Fprintf(w, "Added service %s (tier %d), paging %s\n", out.Name, out.Tier, out.Policy)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.IntVar(&s.Tier, "tier", 0, "1 (most critical) to 4")
	f.StringVar(&s.Policy, "policy", "", "escalation policy paged for the service's alerts")
	f.StringVar(&s.OwnerTeam, "team", "", "owner team")
	f.StringVar(&s.DisplayName, "display-name", "", "name shown to people (defaults to NAME)")
	f.StringVar(&s.Description, "description", "", "what the service is")
	return cmd
}

func serviceShowCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "show NAME",
		Short: "Show a service",
		Args:  exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			s, err := c.GetService(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return e.emit(s, func(w io.Writer) error {
				fmt.Fprintf(w, "%s (%s)\nTier:    %d\nTeam:    %s\nPolicy:  %s\n", s.Name, s.DisplayName, s.Tier, orDash(s.OwnerTeam), s.Policy)
				if s.Description != "" {
					fmt.Fprintf(w, "\n%s\n", s.Description)
				}
				return nil
			})
		},
	}
}

func serviceRemoveCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "remove NAME",
		Short: "Remove a service no route or integration names (admin)",
		Args:  exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			if err := c.DeleteService(cmd.Context(), args[0]); err != nil {
				return err
			}
			return e.emit(map[string]string{"removed": args[0]}, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Removed service %s\n", args[0])
				return err
			})
		},
	}
}
