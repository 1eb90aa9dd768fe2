// Package markdown renders the Markdown people write in updates and messages
// to safe HTML.
//
// Rendering is two-staged: goldmark turns CommonMark plus GitHub extensions
// (tables, strikethrough, autolinks) into HTML with raw HTML escaped, then a
// bluemonday allow-list strips anything that could execute or load from
// elsewhere. Images are dropped entirely (the CSP allows img-src 'self' only
// and people paste screenshots as links anyway); links keep only http, https
// and mailto schemes and get rel="nofollow noopener noreferrer".
package markdown

import (
	"bytes"
	"html/template"
	"regexp"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// MaxInput is the largest source Render accepts; longer input is cut at a
// rune boundary and a note is appended.
const MaxInput = 64 << 10

// TruncatedNote is appended (as a paragraph) when input exceeds MaxInput.
const TruncatedNote = "(text truncated: longer than 64 KiB)"

var (
	md = goldmark.New(
		goldmark.WithExtensions(
			// Alignment as an attribute: the CSP forbids inline styles.
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough, extension.Linkify, extension.TaskList),
		// No html.WithUnsafe: raw HTML and dangerous link schemes are
		// omitted by goldmark before bluemonday even sees them.
		goldmark.WithRendererOptions(html.WithHardWraps()),
	)
	policy = newPolicy()
)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowStandardURLs()
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AllowAttrs("href").OnElements("a")
	p.AllowElements("p", "br", "hr", "strong", "em", "del", "s", "code", "pre",
		"blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
		"table", "thead", "tbody", "tr", "th", "td")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|right|center)$`)).OnElements("th", "td")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[a-zA-Z0-9_+-]{1,32}$`)).OnElements("code")
	// Task list checkboxes: disabled inputs only.
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^(|checked|disabled)$`)).OnElements("input")
	return p
}

// Render converts Markdown to sanitized HTML safe to embed in a page.
func Render(src string) template.HTML {
	truncated := false
	if len(src) > MaxInput {
		cut := MaxInput
		for cut > 0 && !utf8.RuneStart(src[cut]) {
			cut--
		}
		src = src[:cut]
		truncated = true
	}
	if !utf8.ValidString(src) {
		src = string(bytes.ToValidUTF8([]byte(src), []byte("\uFFFD")))
	}
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		// goldmark only fails on writer errors; a bytes.Buffer has none.
		// Fall back to escaped text rather than losing the content.
		buf.Reset()
		buf.WriteString("<p>" + template.HTMLEscapeString(src) + "</p>")
	}
	if truncated {
		buf.WriteString("<p><em>" + TruncatedNote + "</em></p>")
	}
	return template.HTML(policy.SanitizeBytes(buf.Bytes())) // #nosec: sanitized by policy
}
