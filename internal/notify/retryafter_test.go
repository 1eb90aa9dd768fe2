package notify_test

import (
	"errors"
	"testing"
	"time"

	"sitrep/internal/notify"
)

var providerNow = time.Date(2025, 3, 14, 1, 22, 0, 0, time.UTC)

func TestParseRetryAfter(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"30", 30 * time.Second, true},
		{" 120 ", 2 * time.Minute, true},
		{"0", 0, true},
		{"86400", notify.MaxRetryAfter, true},
		{"99999999999999999999", notify.MaxRetryAfter, true},
		{"Fri, 14 Mar 2025 01:22:45 GMT", 45 * time.Second, true},
		{"Friday, 14-Mar-25 01:23:00 GMT", time.Minute, true},
		{"Fri Mar 14 01:22:10 2025", 10 * time.Second, true},
		{"Fri, 14 Mar 2025 01:00:00 GMT", 0, true}, // already past
		{"Sat, 15 Mar 2025 01:22:00 GMT", notify.MaxRetryAfter, true},
		{"", 0, false},
		{"-5", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := notify.ParseRetryAfter(tt.in, providerNow)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"30", "0", "Fri, 14 Mar 2025 01:22:45 GMT", "Friday, 14-Mar-25 01:23:00 GMT",
		"Fri Mar 14 01:22:10 2025", "", "-1", "1e9", "９", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := notify.ParseRetryAfter(s, providerNow)
		if d < 0 || d > notify.MaxRetryAfter {
			t.Fatalf("ParseRetryAfter(%q) = %v, outside [0, %v]", s, d, notify.MaxRetryAfter)
		}
		if !ok && d != 0 {
			t.Fatalf("ParseRetryAfter(%q) refused the value but returned %v", s, d)
		}
	})
}

func TestWithRetryAfterTravelsThroughWrapping(t *testing.T) {
	base := errors.New("slack: ratelimited")
	err := notify.WithRetryAfter(base, 30*time.Second)
	wrapped := errors.Join(errors.New("deliver page-812"), err)
	if got := notify.RetryAfter(wrapped); got != 30*time.Second {
		t.Fatalf("RetryAfter = %v, want 30s", got)
	}
	if !errors.Is(wrapped, base) {
		t.Fatal("the cause is lost")
	}
	if notify.WithRetryAfter(base, 0) != base || notify.WithRetryAfter(nil, time.Second) != nil {
		t.Fatal("WithRetryAfter should leave nil errors and zero waits alone")
	}
	if got := notify.RetryAfter(base); got != 0 {
		t.Fatalf("RetryAfter of a plain error = %v", got)
	}
}
