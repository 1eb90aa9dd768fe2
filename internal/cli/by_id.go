package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"sitrep/client"
)

// byIDCmd is a command that does one thing to the record with the numeric ID
// it is given ("remove ID", "cancel ID") and says so: "Removed component 7".
// done is the past tense that prints and the JSON key ("removed").
func byIDCmd(e *env, use, short, done, noun string, do func(context.Context, *client.Client, int64) error) *cobra.Command {
	return &cobra.Command{
		Use:   use + " ID",
		Short: short,
		Args:  exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := number(cmd, "ID", args[0])
			if err != nil {
				return err
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			if err := do(cmd.Context(), c, id); err != nil {
				return err
			}
			return e.emit(map[string]int64{done: id}, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "%s%s %s %d\n", strings.ToUpper(done[:1]), done[1:], noun, id)
				return err
			})
		},
	}
}
