package web

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"sitrep/internal/incident"
)

// FuzzBoardQuery feeds the board any query string: it never fails, always
// reads as a valid view, and the view survives its own links.
func FuzzBoardQuery(f *testing.F) {
	for _, s := range []string{"", "sort=updated&dir=desc", "ws_status=open&ws_lead=laura&ws_priority=2", "sort=%00&ws_priority=-1", "ws_status=blocked&sort=lead", "ws_priority=99999999999999999999"} {
		f.Add(s)
	}
	ws := []incident.Workstream{
		{ID: 1, Name: "a", Status: incident.WorkActive, Priority: 1, Lead: "laura"},
		{ID: 2, Name: "b", Status: incident.WorkBlocked, Priority: 3},
		{ID: 3, Name: "c", Status: incident.WorkDone, Priority: 2, Lead: "marc"},
	}
	now := time.Date(2023, 3, 8, 2, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, raw string) {
		vals, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q := readBoardQuery(vals)
		again, err := url.ParseQuery(q.Encode())
		if err != nil || readBoardQuery(again) != q {
			t.Fatalf("%q reads as %+v, which does not survive its own encoding %q", raw, q, q.Encode())
		}
		v := buildBoard(1, ws, q, now)
		if len(v.Rows) > len(ws) || v.Total != len(ws) {
			t.Fatalf("%q: %d rows of %d", raw, len(v.Rows), v.Total)
		}
		for _, k := range boardSorts {
			link, _, _ := strings.Cut(v.SortLink(k)[1:], "#")
			if _, err := url.ParseQuery(link); err != nil {
				t.Fatalf("sort link %q: %v", v.SortLink(k), err)
			}
		}
	})
}
