package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, componentsCmd) }

// componentsCmd lists the public status page's components; its subcommands
// change them.
func componentsCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "components",
		Short: "List the components of the public status page and their status",
		Example: `  sitrep components
  sitrep components add "EU API" --group Europe
  sitrep components set 3 partial_outage --incident 42`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			cs, err := c.StatusComponents(cmd.Context())
			if err != nil {
				return err
			}
			return e.emit(map[string]any{"components": cs}, func(w io.Writer) error {
				if len(cs) == 0 {
					_, err := fmt.Fprintln(w, `No components. Add one with: sitrep components add NAME --group REGION`)
					return err
				}
				tw := table(w)
				fmt.Fprintln(tw, "ID\tGROUP\tNAME\tSTATUS\tSERVICE")
				for _, s := range cs {
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", s.ID, orDash(s.Group), oneLine(s.Name), s.Status, orDash(s.Service))
				}
				return tw.Flush()
			})
		},
	}
	cmd.AddCommand(componentAddCmd(e), componentSetCmd(e), componentRemoveCmd(e))
	return cmd
}

func componentAddCmd(e *env) *cobra.Command {
	var n client.NewStatusComponent
	cmd := &cobra.Command{
		Use:     "add NAME",
		Short:   "Add a component to the status page (admin)",
		Example: `  sitrep components add "EU API" --group Europe --position 1 --service api`,
		Args:    exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			n.Name = args[0]
			c, err := e.api()
			if err != nil {
				return err
			}
			out, err := c.CreateStatusComponent(cmd.Context(), n)
			if err != nil {
				return err
			}
			return e.emit(out, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Added component %d %s (%s)\n", out.ID, out.Name, out.Status)
				return err
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&n.Group, "group", "", "heading it is shown under, such as a region")
	f.StringVar(&n.Description, "description", "", "what it is, for customers")
	f.Int64Var(&n.Position, "position", 0, "order within its group, lowest first")
	f.StringVar(&n.Status, "status", "", "operational (default), degraded, partial_outage, major_outage or maintenance")
	f.StringVar(&n.Service, "service", "", "catalog service it stands for")
	return cmd
}

func componentSetCmd(e *env) *cobra.Command {
	var incident int64
	cmd := &cobra.Command{
		Use:   "set ID STATUS",
		Short: "Set a component's status; with --incident the change is on that incident's timeline",
		Example: `  sitrep components set 3 major_outage --incident 42
  sitrep components set 3 operational --incident 42`,
		Args: exactArgs("ID", "STATUS"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := number(cmd, "ID", args[0])
			if err != nil {
				return err
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			status := args[1]
			out, err := c.ChangeStatusComponent(cmd.Context(), id, client.StatusComponentChange{Status: &status, Incident: incident})
			if err != nil {
				return err
			}
			return e.emit(out, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "%s is now %s\n", out.Name, out.Status)
				return err
			})
		},
	}
	cmd.Flags().Int64Var(&incident, "incident", 0, "incident the change is because of")
	return cmd
}

func componentRemoveCmd(e *env) *cobra.Command {
	return byIDCmd(e, "remove", "Remove a component and its history (admin)", "removed", "component",
		func(ctx context.Context, c *client.Client, id int64) error { return c.DeleteStatusComponent(ctx, id) })
}
