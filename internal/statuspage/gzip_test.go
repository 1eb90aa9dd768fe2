package statuspage_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"sitrep/internal/statuspage"
	"sitrep/internal/store"
)

func TestLargePagesAreGzippedForReadersWhoAcceptIt(t *testing.T) {
	p := start(t, store.SQLite)
	for i := 0; i < 3; i++ {
		p.component("Region "+strconv.Itoa(i), "", 0)
	}
	p.clock.Advance(statuspage.TTL)
	req, _ := http.NewRequest(http.MethodGet, p.url+"/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	zr, err := gzip.NewReader(res.Body)
	if res.Header.Get("Content-Encoding") != "gzip" || err != nil {
		t.Fatalf("Content-Encoding %q, %v", res.Header.Get("Content-Encoding"), err)
	}
	b, _ := io.ReadAll(zr)
	if !strings.Contains(string(b), "Region 2") || res.Header.Get("Vary") != "Accept-Encoding" {
		t.Errorf("gzipped page: %s", b)
	}
	if _, html := p.getCached("/"); !strings.Contains(html, "Region 2") {
		t.Errorf("plain page: %s", html)
	}
}
