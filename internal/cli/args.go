package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
)

// usageError is a command called the wrong way; its message names the
// argument and repeats the usage line, so the fix is on the screen.
type usageError struct {
	msg, usage string
}

func (u *usageError) Error() string { return u.msg + "\nusage: " + u.usage }

func usagef(cmd *cobra.Command, format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...), usage: cmd.UseLine()}
}

// exactArgs requires one positional argument per name, and names the missing
// or extra ones instead of cobra's "accepts 2 arg(s), received 1".
func exactArgs(names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) < len(names):
			return usagef(cmd, "missing %s", strings.Join(names[len(args):], " and "))
		case len(args) > len(names):
			return usagef(cmd, "unexpected argument %q (quote text with spaces)", args[len(names)])
		}
		return nil
	}
}

// number parses the positional argument called name as an incident number or
// an id: a positive integer.
func number(cmd *cobra.Command, name, s string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || n < 1 {
		return 0, usagef(cmd, "%s: %q is not a number; give a positive whole number such as 42", name, s)
	}
	return n, nil
}

// numbers parses the first len(names) arguments with number.
func numbers(cmd *cobra.Command, args []string, names ...string) ([]int64, error) {
	out := make([]int64, len(names))
	for i, name := range names {
		n, err := number(cmd, name, args[i])
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}
