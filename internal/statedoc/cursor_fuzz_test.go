package statedoc

import "testing"

// FuzzParseCursor: a cursor from outside is either refused or round-trips.
func FuzzParseCursor(f *testing.F) {
	for _, s := range []string{"", "1.2", "0.1", "5.999", "x.y", "1.", ".1", "-1.3", "1.2.3", "99999999999999999999.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseCursor(s)
		if err != nil || s == "" {
			return
		}
		back, err := parseCursor(c.String())
		if err != nil || back != c {
			t.Fatalf("cursor %q -> %+v does not round-trip: %+v, %v", s, c, back, err)
		}
	})
}

func TestSeqCacheComputesOncePerSequence(t *testing.T) {
	c := NewSeqCache[string, int](2)
	calls := 0
	fn := func() (int, error) { calls++; return calls, nil }
	for range 3 {
		if v, _ := c.Get("doc-4", 10, fn); v != 1 {
			t.Fatalf("got %d, want the first computation", v)
		}
	}
	if v, _ := c.Get("doc-4", 9, fn); v != 1 {
		t.Errorf("older sequence recomputed: %d", v)
	}
	if v, _ := c.Get("doc-4", 11, fn); v != 2 {
		t.Errorf("newer sequence served stale value %d", v)
	}
	c.Get("doc-5", 1, fn)
	c.Get("doc-6", 1, fn)
	if len(c.m) > 2 {
		t.Errorf("cache holds %d values, bound is 2", len(c.m))
	}
}
