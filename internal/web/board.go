package web

import (
	"cmp"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"sitrep/internal/incident"
)

// StaleAfter is how long a workstream that is not done may go without an
// update before the board flags it. The incident service has no nudge
// threshold of its own yet; when it gains one, read it from there.
const StaleAfter = 30 * time.Minute

// boardQuery is the board's sort and filter, read from and written to the
// query string so that they work without JavaScript and survive a reload.
type boardQuery struct {
	Sort     string // priority (default), status, lead, updated, name
	Desc     bool
	Status   string
	Lead     string
	Priority int
}

var boardSorts = []string{"priority", "name", "status", "lead", "updated"}

func readBoardQuery(q url.Values) boardQuery {
	b := boardQuery{Sort: q.Get("sort"), Desc: q.Get("dir") == "desc", Status: q.Get("ws_status"), Lead: strings.TrimSpace(q.Get("ws_lead"))}
	if !slices.Contains(boardSorts, b.Sort) {
		b.Sort = "priority"
	}
	switch b.Status {
	case "", incident.WorkActive, incident.WorkBlocked, incident.WorkDone, "open":
	default:
		b.Status = ""
	}
	if p, err := strconv.Atoi(q.Get("ws_priority")); err == nil && p >= 1 && p <= 5 {
		b.Priority = p
	}
	return b
}

// Default reports whether this is the board everyone sees first, the one the
// live stream keeps current.
func (b boardQuery) Default() bool { return b == boardQuery{Sort: "priority"} }

func (b boardQuery) values() url.Values {
	v := url.Values{}
	if b.Sort != "priority" {
		v.Set("sort", b.Sort)
	}
	if b.Desc {
		v.Set("dir", "desc")
	}
	if b.Status != "" {
		v.Set("ws_status", b.Status)
	}
	if b.Lead != "" {
		v.Set("ws_lead", b.Lead)
	}
	if b.Priority != 0 {
		v.Set("ws_priority", strconv.Itoa(b.Priority))
	}
	return v
}

// Encode is the query string of this view.
func (b boardQuery) Encode() string { return b.values().Encode() }

// row is one workstream on the board.
type row struct {
	incident.Workstream
	// Quiet is how long since the last update (or creation, if none).
	Quiet time.Duration
	Stale bool
}

// QuietMin is Quiet in whole minutes.
func (r row) QuietMin() int { return int(r.Quiet.Minutes()) }

type boardView struct {
	Incident int64
	Query    boardQuery
	Rows     []row
	Total    int
	Stale    int
	Leads    []string
}

// SortLink is the board URL sorted by key, flipping direction when key is
// already the sort; filters are kept.
func (v boardView) SortLink(key string) string {
	q := v.Query
	q.Desc = q.Sort == key && !q.Desc
	q.Sort = key
	return "?" + q.Encode() + "#region-workstreams"
}

// SortMark says how a column is sorted, for its header.
func (v boardView) SortMark(key string) string {
	if v.Query.Sort != key {
		return ""
	}
	if v.Query.Desc {
		return " ▼"
	}
	return " ▲"
}

// Aria is the aria-sort value of a column.
func (v boardView) Aria(key string) string {
	if v.Query.Sort != key {
		return "none"
	}
	if v.Query.Desc {
		return "descending"
	}
	return "ascending"
}

func buildBoard(number int64, ws []incident.Workstream, q boardQuery, now time.Time) boardView {
	v := boardView{Incident: number, Query: q, Total: len(ws)}
	leads := map[string]bool{}
	for _, w := range ws {
		last := w.LastUpdateAt
		if last.IsZero() {
			last = w.CreatedAt
		}
		r := row{Workstream: w, Quiet: max(now.Sub(last), 0)}
		r.Stale = w.Status != incident.WorkDone && r.Quiet > StaleAfter
		if r.Stale {
			v.Stale++
		}
		if w.Lead != "" {
			leads[w.Lead] = true
		}
		if !q.keeps(r) {
			continue
		}
		v.Rows = append(v.Rows, r)
	}
	for l := range leads {
		v.Leads = append(v.Leads, l)
	}
	slices.Sort(v.Leads)
	slices.SortStableFunc(v.Rows, q.compare)
	return v
}

func (q boardQuery) keeps(r row) bool {
	switch {
	case q.Status == "open" && r.Status == incident.WorkDone,
		q.Status != "" && q.Status != "open" && r.Status != q.Status,
		q.Lead != "" && r.Lead != q.Lead,
		q.Priority != 0 && r.Priority != q.Priority:
		return false
	}
	return true
}

func (q boardQuery) compare(a, b row) int {
	var c int
	switch q.Sort {
	case "name":
		c = cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	case "status":
		c = cmp.Compare(statusRank(a.Status), statusRank(b.Status))
	case "lead":
		c = cmp.Compare(a.Lead, b.Lead)
	case "updated":
		// Longest quiet first: the ones that need chasing.
		c = cmp.Compare(b.Quiet, a.Quiet)
	}
	if c == 0 {
		c = cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.ID, b.ID))
	}
	if q.Desc {
		return -c
	}
	return c
}

// statusRank puts blocked work first, then active, then done.
func statusRank(s string) int {
	switch s {
	case incident.WorkBlocked:
		return 0
	case incident.WorkActive:
		return 1
	}
	return 2
}
