package statuspage

import (
	"html"
	"strings"
	"testing"
)

// Whatever a responder types, the page shows it as text: no tag, attribute
// or handler can start, and a browser decodes it back to what was typed.
func FuzzText(f *testing.F) {
	for _, s := range []string{"<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "a & b\nc", "`'\"=", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := string(text(s))
		if strings.ContainsAny(out, "<>\"'=`\x00") {
			t.Fatalf("text(%q) = %q keeps markup characters", s, out)
		}
		if !strings.Contains(s, "\x00") && html.UnescapeString(out) != s {
			t.Fatalf("text(%q) decodes to %q", s, html.UnescapeString(out))
		}
	})
}
