package httpapi

import (
	"net/url"
	"strings"
	"testing"

	"sitrep/internal/oncall"
)

// A feed URL comes from anyone on the network, without a login: whatever the
// file name and query, reading them does not panic, accepts only "NAME.ics"
// with exactly one token, and the token check accepts only the shape of a
// token that can travel in a URL unescaped.
func FuzzFeedRequest(f *testing.F) {
	for _, s := range [][2]string{
		{"major-incident.ics", "token=sitrepcal_abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuv"},
		{"major-incident.ics", "token=a&token=b"},
		{".ics", "token=x"},
		{"laura.ics.ics", "token=%00%ff"},
		{"major-incident", "token"},
		{"x.ics", "token=sitrepcal_ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSTUV"},
		{"x.ics", ";token=1"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, file, rawQuery string) {
		q, _ := url.ParseQuery(rawQuery)
		owner, token, ok := feedRequest(file, q)
		if !ok {
			if owner != "" || token != "" {
				t.Fatalf("refused %q %q but returned %q %q", file, rawQuery, owner, token)
			}
			return
		}
		if owner == "" || owner+".ics" != file || len(q["token"]) != 1 || q["token"][0] != token {
			t.Fatalf("feedRequest(%q, %q) = %q, %q", file, rawQuery, owner, token)
		}
		if oncall.ValidFeedToken(token) {
			if !strings.HasPrefix(token, oncall.FeedTokenPrefix) || url.QueryEscape(token) != token || strings.ToLower(token) != token {
				t.Fatalf("accepted token %q", token)
			}
		}
	})
}

func TestFeedTokensHaveOneShape(t *testing.T) {
	good := "sitrepcal_" + strings.Repeat("a2", 26)
	if !oncall.ValidFeedToken(good) {
		t.Fatalf("%q refused", good)
	}
	for _, bad := range []string{"", good[:len(good)-1], good + "a", strings.ToUpper(good), "sitrepcal_" + strings.Repeat("a1", 26), "sitrep_" + strings.Repeat("a2", 27) + "a"} {
		if oncall.ValidFeedToken(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
