package event_test

import (
	"strings"
	"testing"

	"sitrep/internal/event"
)

// Revocation notices arrive on the NOTIFY channel, which any client with
// access to the database can write to: a malformed one must be refused, and
// an accepted one must name exactly one credential.
func FuzzParseRevoked(f *testing.F) {
	hash := strings.Repeat("ab12", 16)
	for _, s := range []string{"revoked:7:password:", "revoked:7:session:" + hash, "revoked:7:token:42", "revoked:0:token:42",
		"revoked:7:token:0", "revoked:7:token:-1", "revoked:7:token:042", "revoked:07:password:", "revoked:7:password:x",
		"revoked:7:session:" + strings.ToUpper(hash), "revoked:7:session:abc", "revoked:7:cookie:1", "revoked:7:token:42:1",
		"revoked:7:token", "1:1", "", "revoked:", "revoked:9223372036854775808:password:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		r, ok := event.ParseRevoked(payload)
		if !ok {
			if r != (event.Revoked{}) {
				t.Fatalf("refused %q but returned %+v", payload, r)
			}
			return
		}
		if r.UserID <= 0 {
			t.Fatalf("accepted %q with user %d", payload, r.UserID)
		}
		switch r.Kind {
		case "password":
			if r.ID != "" {
				t.Fatalf("accepted %q: a password change names no id", payload)
			}
		case "session", "token":
			if r.ID == "" {
				t.Fatalf("accepted %q without an id", payload)
			}
		default:
			t.Fatalf("accepted %q with kind %q", payload, r.Kind)
		}
		if _, _, ok := event.ParseNotification(payload); ok {
			t.Fatalf("%q reads as both an event and a revocation", payload)
		}
	})
}

func TestParseRevokedTable(t *testing.T) {
	hash := strings.Repeat("0f", 32)
	cases := []struct {
		in   string
		want event.Revoked
		ok   bool
	}{
		{"revoked:7:password:", event.Revoked{UserID: 7, Kind: "password"}, true},
		{"revoked:7:session:" + hash, event.Revoked{UserID: 7, Kind: "session", ID: hash}, true},
		{"revoked:7:token:42", event.Revoked{UserID: 7, Kind: "token", ID: "42"}, true},
		{"revoked:7:token:4x", event.Revoked{}, false},
		{"revoked:7:session:xyz", event.Revoked{}, false},
		{"42:7", event.Revoked{}, false},
	}
	for _, c := range cases {
		got, ok := event.ParseRevoked(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseRevoked(%q) = %+v, %v; want %+v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
