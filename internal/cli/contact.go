package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, contactCmd) }

// contactCmd groups the commands on how a person is reached.
func contactCmd(e *env) *cobra.Command {
	return group("contact", "Manage how you (or, as admin, anyone) get paged: contact methods and notification rules",
		contactAddCmd(e), contactListCmd(e), contactRemoveCmd(e), contactRuleCmd(e))
}

// whose says whose methods a command touched, for its message.
func whose(user string) string {
	if user == "" {
		return "your"
	}
	return user + "'s"
}

// orYou names user, or the caller when user is empty.
func orYou(user string) string {
	if user == "" {
		return "you"
	}
	return user
}

func printMethod(w io.Writer, verb string, m client.ContactMethod) error {
	label := ""
	if m.Label != "" {
		label = " (" + m.Label + ")"
	}
	_, err := fmt.Fprintf(w, "%s contact method %d for %s: %s %s%s\n", verb, m.ID, m.User, m.Kind, m.Address, label)
	return err
}

// after says when a delay fires: "at once", "after 2m", "after 1h30s".
func after(seconds int64) string {
	if seconds == 0 {
		return "at once"
	}
	s := (time.Duration(seconds) * time.Second).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return "after " + s
}
