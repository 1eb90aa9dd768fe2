package markdown

import (
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

var safeTags = map[string]bool{
	"p": true, "br": true, "hr": true, "strong": true, "em": true, "del": true, "s": true,
	"code": true, "pre": true, "blockquote": true, "ul": true, "ol": true, "li": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "a": true,
	"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true, "input": true,
}

// activeContent parses out as a browser would and reports the first element,
// attribute or URL that could run script or load foreign content; "" if none.
func activeContent(out string) string {
	if strings.Contains(strings.ToLower(out), "<script") {
		return "<script"
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() == io.EOF {
				return ""
			}
			return "tokenizer: " + z.Err().Error()
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if !safeTags[tok.Data] {
			return "element " + tok.Data
		}
		for _, a := range tok.Attr {
			if a.Key == "style" {
				return "inline style (the CSP blocks it)"
			}
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				return "attribute " + a.Key
			}
			if a.Key == "href" {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if i := strings.IndexAny(v, ":/?#"); i >= 0 && v[i] == ':' &&
					!strings.HasPrefix(v, "http:") && !strings.HasPrefix(v, "https:") && !strings.HasPrefix(v, "mailto:") {
					return "href " + a.Val
				}
			}
			if a.Key == "type" && tok.Data == "input" && a.Val != "checkbox" {
				return "input type " + a.Val
			}
		}
	}
}

func TestRenderFormatsMarkdown(t *testing.T) {
	cases := []struct{ in, want string }{
		{"**bold** and _em_", "<strong>bold</strong> and <em>em</em>"},
		{"~~gone~~", "<del>gone</del>"},
		{"see https://example.com/x", `<a href="https://example.com/x" rel="nofollow noreferrer">https://example.com/x</a>`},
		{"[doc](/incidents/4)", `<a href="/incidents/4" rel="nofollow noreferrer">doc</a>`},
		{"| a | b |\n|---|--:|\n| 1 | 2 |", `<td align="right">2</td>`},
		{"- [x] done", `type="checkbox"`},
		{"```go\nx := 1\n```", `<code class="language-go">x := 1`},
		{"line one\nline two", "line one<br>"},
	}
	for _, c := range cases {
		got := string(Render(c.in))
		if !strings.Contains(got, c.want) {
			t.Errorf("Render(%q) = %q, want it to contain %q", c.in, got, c.want)
		}
	}
}

func TestRenderNeutralisesAttacks(t *testing.T) {
	attacks := []string{
		"<script>alert(1)</script>",
		"<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
		`<img src=x onerror="alert(1)">`,
		`<a href="javascript:alert(1)">x</a>`,
		"[click](javascript:alert(1))",
		"[click](JaVaScRiPt:alert(1))",
		"[click](java\tscript:alert(1))",
		"[click](&#106;avascript:alert(1))",
		"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
		"![img](https://evil.example/track.png)",
		"![img](data:image/svg+xml;base64,PHN2Zz4=)",
		`<svg onload=alert(1)>`,
		`<iframe src="https://evil.example"></iframe>`,
		`<div style="background:url(javascript:alert(1))">x</div>`,
		"<scr<script>ipt>alert(1)</script>",
		"[a](vbscript:msgbox)",
		`<a href="#" onclick="alert(1)">x</a>`,
		"`<script>`  and <<script>script>",
		"[x](https://ok.example \"title\" onmouseover=alert(1))",
		"<form action=/logout><button>go</button></form>",
		"<style>body{display:none}</style>",
		"<meta http-equiv=refresh content='0;url=https://evil.example'>",
		"| a |\n|---|\n| <img src=x onerror=alert(1)> |",
	}
	for _, a := range attacks {
		got := string(Render(a))
		if bad := activeContent(got); bad != "" {
			t.Errorf("Render(%q) = %q: contains %s", a, got, bad)
		}
	}
}

func TestRenderKeepsEscapedTextVisible(t *testing.T) {
	got := string(Render("use `<script>` tags & such"))
	if !strings.Contains(got, "&lt;script&gt;") || !strings.Contains(got, "&amp;") {
		t.Errorf("escaped text lost: %q", got)
	}
}

func TestRenderTruncatesLongInput(t *testing.T) {
	long := strings.Repeat("é", MaxInput) // 2 bytes each: twice the limit
	got := string(Render(long))
	if !strings.Contains(got, TruncatedNote) {
		t.Fatalf("no truncation note in output of %d bytes", len(got))
	}
	if strings.Contains(got, "\uFFFD") {
		t.Error("truncation split a rune")
	}
	if short := string(Render("short")); strings.Contains(short, TruncatedNote) {
		t.Errorf("short input marked truncated: %q", short)
	}
}

func FuzzRender(f *testing.F) {
	seeds := []string{
		"", "plain", "**b**", "<script>alert(1)</script>", `<img src=x onerror=alert(1)>`,
		"[x](javascript:alert(1))", "[x](data:text/html,hi)", "![i](x.png)",
		"| a |\n|---|\n| b |", "<a href=\"x\" onclick=\"y\">z</a>", "\x00\xff<scr\x00ipt>",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got := string(Render(src))
		if bad := activeContent(got); bad != "" {
			t.Fatalf("Render(%q) = %q: contains %s", src, got, bad)
		}
	})
}
