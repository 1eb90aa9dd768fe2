package smtptest

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
)

// Message is one message the server accepted.
type Message struct {
	// From and To are the envelope (MAIL FROM and RCPT TO).
	From string
	To   []string
	// Header is the parsed header; Subject is decoded from its MIME words.
	Header  mail.Header
	Subject string
	// Text is the body with its transfer encoding undone and line ends
	// made "\n".
	Text string
	// Raw is the message as it arrived.
	Raw []byte
}

func parse(from string, to []string, raw []byte) (Message, error) {
	pm, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	var body io.Reader = pm.Body
	switch strings.ToLower(pm.Header.Get("Content-Transfer-Encoding")) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, newlineStripper{body})
	}
	text, err := io.ReadAll(body)
	if err != nil {
		return Message{}, err
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(pm.Header.Get("Subject"))
	if err != nil {
		subject = pm.Header.Get("Subject")
	}
	return Message{
		From: from, To: append([]string(nil), to...),
		Header: pm.Header, Subject: subject,
		Text: strings.ReplaceAll(string(text), "\r\n", "\n"),
		Raw:  raw,
	}, nil
}

// newlineStripper drops the line breaks base64 bodies are folded with.
type newlineStripper struct{ r io.Reader }

func (n newlineStripper) Read(p []byte) (int, error) {
	c, err := n.r.Read(p)
	out := p[:0]
	for _, b := range p[:c] {
		if b != '\r' && b != '\n' {
			out = append(out, b)
		}
	}
	return len(out), err
}
