package webhook

import "sitrep/internal/notify"

// Version is the version of Payload. It changes only when a field changes
// meaning or goes away; receivers ignore fields they do not know.
const Version = 1

// Payload is the JSON body of a delivery. The recipient URL is left out: the
// receiver knows its own address, and the URL may be a credential.
type Payload struct {
	Version    int    `json:"version"`
	ID         string `json:"id"`
	Kind       string `json:"kind"`
	Subject    string `json:"subject"`
	Text       string `json:"text"`
	AckURL     string `json:"ack_url,omitempty"`
	ResolveURL string `json:"resolve_url,omitempty"`
	Severity   string `json:"severity,omitempty"`
	Incident   int64  `json:"incident,omitempty"`
}

// NewPayload returns the payload that carries m.
func NewPayload(m notify.Message) Payload {
	return Payload{
		Version:    Version,
		ID:         m.ID,
		Kind:       string(m.Kind),
		Subject:    m.Subject,
		Text:       m.Body,
		AckURL:     m.AckURL,
		ResolveURL: m.ResolveURL,
		Severity:   m.Severity,
		Incident:   m.Incident,
	}
}
