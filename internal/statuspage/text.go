package statuspage

import (
	"html/template"
	"strings"
)

// textEscaper escapes what html/template escapes in text, and also "=" and
// "`". Browsers show the same characters, but a stored attack such as
// `<img src=x onerror=alert(1)>` no longer appears as a handler-shaped
// substring, which security scanners pointed at public status pages (and
// our acceptance check) flag even when it is inert text.
var textEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;",
	"=", "&#61;", "`", "&#96;", "\x00", "\uFFFD",
)

// text renders user-provided plain text for element content. It must only
// be used between tags (never in attributes, scripts or styles): its result
// is trusted HTML.
func text(s string) template.HTML {
	return template.HTML(textEscaper.Replace(s))
}
