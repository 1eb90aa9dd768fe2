// Package web owns the server-rendered user interface, the war room: browser
// sign-in and sign-out, the incident list, the declare form, the incident page
// (header, workstreams board, channels, timeline, responders) with a form for
// every action of the incident service, the live regions that the page's own
// script keeps current over server-sent events, and the error pages. Pages
// work without JavaScript. It sets the strict Content-Security-Policy every UI
// page carries. It knows nothing of the JSON API; the caller authenticates
// each request and puts the principal in the context.
package web

// CSP forbids inline script and any origin but our own: the UI must work when
// every CDN is down, and stored text can never run as script.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
