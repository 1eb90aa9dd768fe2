package statuspage

import (
	"html"
	"html/template"
	"strconv"
	"strings"
)

// Bar geometry, in SVG user units.
const (
	barWidth  = 3
	barGap    = 1
	barHeight = 28
)

// BarsSVG draws bars as inline SVG, one rect per day coloured by its worst
// status through a class of the page's stylesheet. Colour is never the only
// signal: every bar has a title ("2026-11-20: partial outage 42 min"), and
// the SVG is labelled with the uptime summary. It is markup, not script, so
// the page's CSP allows it.
func BarsSVG(b Bars) template.HTML {
	var w strings.Builder
	width := len(b.Days)*(barWidth+barGap) - barGap
	w.WriteString(`<svg class="bars" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + strconv.Itoa(max(width, 1)) + ` ` + strconv.Itoa(barHeight) +
		`" preserveAspectRatio="none" role="img" aria-label="` + html.EscapeString(b.UptimeText()) + `">`)
	for i, d := range b.Days {
		class := "s-none"
		if d.Worst != "" {
			class = "s-" + d.Worst
		}
		w.WriteString(`<rect class="` + class + `" x="` + strconv.Itoa(i*(barWidth+barGap)) + `" y="0" width="` + strconv.Itoa(barWidth) +
			`" height="` + strconv.Itoa(barHeight) + `"><title>` + html.EscapeString(d.Title()) + `</title></rect>`)
	}
	w.WriteString(`</svg>`)
	return template.HTML(w.String())
}
