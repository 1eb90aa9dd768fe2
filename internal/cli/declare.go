package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, declareCmd) }

func declareCmd(e *env) *cobra.Command {
	var d client.Declaration
	cmd := &cobra.Command{
		Use:     "declare TITLE",
		Short:   "Declare an incident",
		Example: `  sitrep declare "Alerting down in all regions" --severity SEV-1 --tag service:alerting --commander laura`,
		Args:    exactArgs("TITLE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			d.Title = args[0]
			inc, err := c.Declare(cmd.Context(), d)
			if err != nil {
				return err
			}
			return e.emit(inc, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Declared #%d %s (%s, %s)\n", inc.Number, inc.Title, inc.Severity, inc.Status)
				return err
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&d.Severity, "severity", "SEV-3", "SEV-1 (worst) to SEV-5")
	f.StringVar(&d.Summary, "summary", "", "what is known so far")
	f.StringArrayVar(&d.Tags, "tag", nil, "affected region or service, such as region:eu1 (repeatable)")
	f.StringVar(&d.Commander, "commander", "", "handle of the incident commander")
	return cmd
}
