package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// emit prints v as indented JSON under --json, and otherwise calls text.
// Writes print the object they created, so scripts can read its id.
func (e *env) emit(v any, text func(w io.Writer) error) error {
	if e.json {
		return writeJSON(e.stdout, v)
	}
	return text(e.stdout)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// table aligns columns separated by tabs; call Flush when done.
func table(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
}

// age says how long ago t was, to the two largest units ("3h12m", "2d4h"),
// or "-" when t is unset. It reads the wall clock: ages are for the reader at
// the terminal, never stored.
func age(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	d := time.Since(t)
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh%dm", int(d.Hours()), int(d.Minutes())%60)
	default:
		return fmt.Sprintf("%dd%dh", int(d.Hours())/24, int(d.Hours())%24)
	}
}

// orDash prints empty values as "-" so that table columns stay aligned.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// clock formats an instant in the reader's time zone.
func clock(t time.Time) string {
	return t.Local().Format("2006-01-02 15:04:05")
}
