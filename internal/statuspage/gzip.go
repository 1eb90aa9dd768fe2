package statuspage

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strings"
)

// minGzip is the smallest body worth compressing.
const minGzip = 1024

// gzipped compresses body once, when it renders: the uptime bars repeat a
// lot of markup, and during an outage thousands of readers fetch the same
// bytes, so the page costs them (and the network) a fraction of its size.
func gzipped(body []byte) []byte {
	if len(body) < minGzip {
		return nil
	}
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	if _, err := w.Write(body); err != nil {
		return nil
	}
	if err := w.Close(); err != nil {
		return nil
	}
	return b.Bytes()
}

// acceptsGzip reports whether the request accepts gzip. It does not weigh
// q-values beyond refusing q=0: every browser that sends gzip wants it.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			return strings.ReplaceAll(params, " ", "") != "q=0"
		}
	}
	return false
}
