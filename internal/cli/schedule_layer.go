package cli

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"sitrep/client"
)

// layerSyntax is the --layer flag's help, also shown with every parse error.
const layerSyntax = `members=H1,H2;start=YYYY-MM-DDTHH:MM;shift=daily|weekly|custom[:N][;name=NAME][;window=[DAYS@]HH:MM-HH:MM]...
  start is a wall-clock time in the schedule's zone; shift counts N days, weeks, or hours (custom), 1 when left out;
  DAYS is a list like mon,wed or a range like mon-fri, or weekdays or weekend; a window ending at or before it starts runs past midnight`

var weekDays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// parseLayer reads one --layer value, such as
// "members=laura,laurent;start=2026-03-23T09:00;shift=weekly". It checks the
// syntax only; the server judges the values and names the field it dislikes.
func parseLayer(s string) (client.Layer, error) {
	var l client.Layer
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ";") {
		key, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return client.Layer{}, fmt.Errorf("%q is not key=value", part)
		}
		if seen[key] && key != "window" {
			return client.Layer{}, fmt.Errorf("%s is given twice", key)
		}
		seen[key] = true
		var err error
		switch key {
		case "members":
			l.Members = strings.Split(value, ",")
		case "start":
			l.Start = value
		case "name":
			l.Name = value
		case "shift":
			l.ShiftKind, l.ShiftLength, err = parseShift(value)
		case "window":
			var w client.Window
			w, err = parseWindow(value)
			l.Restrictions = append(l.Restrictions, w)
		default:
			err = fmt.Errorf("unknown key %q; use members, start, shift, name or window", key)
		}
		if err != nil {
			return client.Layer{}, err
		}
	}
	for _, k := range []string{"members", "start", "shift"} {
		if !seen[k] {
			return client.Layer{}, fmt.Errorf("%s is missing", k)
		}
	}
	return l, nil
}

func parseShift(v string) (string, int, error) {
	kind, n, hasN := strings.Cut(v, ":")
	if kind != "daily" && kind != "weekly" && kind != "custom" {
		return "", 0, fmt.Errorf("shift %q: the kind is daily, weekly or custom", v)
	}
	if !hasN {
		return kind, 1, nil
	}
	length, err := strconv.Atoi(n)
	if err != nil || length < 1 || strings.HasPrefix(n, "+") {
		return "", 0, fmt.Errorf("shift %q: the length is a whole number of days, weeks or hours, such as weekly:2", v)
	}
	return kind, length, nil
}

// parseWindow reads "[DAYS@]HH:MM-HH:MM".
func parseWindow(v string) (client.Window, error) {
	var w client.Window
	days, hours, hasDays := strings.Cut(v, "@")
	if !hasDays {
		days, hours = "", v
	}
	start, end, ok := strings.Cut(hours, "-")
	if !ok || start == "" || end == "" {
		return client.Window{}, fmt.Errorf("window %q: hours are HH:MM-HH:MM, such as 09:00-17:00", v)
	}
	w.Start, w.End = start, end
	if hasDays {
		list, err := parseDays(days)
		if err != nil {
			return client.Window{}, fmt.Errorf("window %q: %w", v, err)
		}
		w.Days = list
	}
	return w, nil
}

func parseDays(s string) ([]string, error) {
	switch s {
	case "weekdays":
		return weekDays[:5], nil
	case "weekend":
		return weekDays[5:], nil
	}
	var out []string
	for _, item := range strings.Split(s, ",") {
		from, to, isRange := strings.Cut(item, "-")
		i, j := slices.Index(weekDays, from), slices.Index(weekDays, to)
		if !isRange {
			j = i
		}
		if i < 0 || j < 0 {
			return nil, fmt.Errorf("%q is not a day or a range of days like mon-fri", item)
		}
		for k := i; ; k = (k + 1) % 7 {
			if !slices.Contains(out, weekDays[k]) {
				out = append(out, weekDays[k])
			}
			if k == j {
				break
			}
		}
	}
	return out, nil
}

// formatLayer writes l in the --layer syntax, so that `schedule show` prints
// what one would type to make the same layer.
func formatLayer(l client.Layer) string {
	parts := []string{"members=" + strings.Join(l.Members, ","), "start=" + l.Start, fmt.Sprintf("shift=%s:%d", l.ShiftKind, l.ShiftLength)}
	if l.Name != "" {
		parts = append(parts, "name="+l.Name)
	}
	for _, w := range l.Restrictions {
		days := ""
		if len(w.Days) > 0 {
			days = strings.Join(w.Days, ",") + "@"
		}
		parts = append(parts, "window="+days+w.Start+"-"+w.End)
	}
	return strings.Join(parts, ";")
}
