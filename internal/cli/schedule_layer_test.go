package cli

import (
	"reflect"
	"strings"
	"testing"

	"sitrep/client"
)

func TestParseLayer(t *testing.T) {
	for _, c := range []struct {
		in   string
		want client.Layer
		err  string
	}{
		{in: "members=laura,laurent;start=2026-03-23T09:00;shift=weekly",
			want: client.Layer{Members: []string{"laura", "laurent"}, Start: "2026-03-23T09:00", ShiftKind: "weekly", ShiftLength: 1}},
		{in: "name=business hours; members=sam; start=2026-03-23T09:00; shift=daily:1; window=mon-fri@09:00-17:00; window=sat@10:00-12:00",
			want: client.Layer{Name: "business hours", Members: []string{"sam"}, Start: "2026-03-23T09:00", ShiftKind: "daily", ShiftLength: 1,
				Restrictions: []client.Window{{Days: []string{"mon", "tue", "wed", "thu", "fri"}, Start: "09:00", End: "17:00"}, {Days: []string{"sat"}, Start: "10:00", End: "12:00"}}}},
		{in: "members=laura;start=2026-03-23T19:00;shift=custom:12;window=fri-mon,wed@22:00-06:00",
			want: client.Layer{Members: []string{"laura"}, Start: "2026-03-23T19:00", ShiftKind: "custom", ShiftLength: 12,
				Restrictions: []client.Window{{Days: []string{"fri", "sat", "sun", "mon", "wed"}, Start: "22:00", End: "06:00"}}}},
		{in: "members=laura;start=2026-03-23T09:00;shift=weekly;window=weekend@00:00-00:00",
			want: client.Layer{Members: []string{"laura"}, Start: "2026-03-23T09:00", ShiftKind: "weekly", ShiftLength: 1,
				Restrictions: []client.Window{{Days: []string{"sat", "sun"}, Start: "00:00", End: "00:00"}}}},
		{in: "members=laura;start=2026-03-23T09:00", err: "shift is missing"},
		{in: "members=laura;start=2026-03-23T09:00;shift=fortnightly", err: "daily, weekly or custom"},
		{in: "members=laura;start=2026-03-23T09:00;shift=weekly:0", err: "whole number"},
		{in: "members=laura;start=2026-03-23T09:00;shift=weekly;shift=daily", err: "twice"},
		{in: "members=laura;start=2026-03-23T09:00;shift=weekly;every=day", err: "unknown key"},
		{in: "members=laura;start=2026-03-23T09:00;shift=weekly;window=mon-fry@09:00-17:00", err: "not a day"},
		{in: "members=laura;start=2026-03-23T09:00;shift=weekly;window=09:00", err: "HH:MM-HH:MM"},
		{in: "laura,laurent", err: "key=value"},
	} {
		got, err := parseLayer(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("parseLayer(%q): %v, want an error about %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("parseLayer(%q) = %+v, %v\nwant %+v", c.in, got, err, c.want)
		}
	}
}

// The --layer value comes from people and scripts: whatever it is, parsing
// does not panic, and what parses prints back to the same layer.
func FuzzParseLayer(f *testing.F) {
	for _, s := range []string{
		"members=laura,laurent;start=2026-03-23T09:00;shift=weekly",
		"name=x;members=sam;start=2026-03-23T09:00;shift=custom:12;window=fri-mon,wed@22:00-06:00;window=weekdays@09:00-17:00",
		"members=;start=;shift=daily:007;window=@-",
		"members=a;start=b;shift=weekly:+1",
		"window=sun-sat@1-2-3;members=a;start=b;shift=daily",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := parseLayer(s)
		if err != nil {
			return
		}
		if l.ShiftLength < 1 || len(l.Members) == 0 {
			t.Fatalf("parseLayer(%q) accepted %+v", s, l)
		}
		again, err := parseLayer(formatLayer(l))
		if err != nil || !reflect.DeepEqual(again, l) {
			t.Fatalf("round trip of %q: %q gives %+v, %v; want %+v", s, formatLayer(l), again, err, l)
		}
	})
}
