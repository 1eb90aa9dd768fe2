package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"sitrep/internal/incident"
)

// listPage is how many incidents one page of the list shows.
const listPage = 50

// listScan bounds how many incidents one list page reads to find matches for
// the filters the domain does not apply (text and "mine").
const listScan = 2000

type listView struct {
	Status, Severity, Q string
	Mine                bool
	Severities          []incident.Severity
	Incidents           []incident.Incident
	// Next is the query of the next page, empty on the last.
	Next string
	// Err explains a filter that was refused.
	Err string
}

// list serves the incident list: GET / and GET /incidents with filters
// status (active, resolved, all), severity, q (text in title or summary),
// mine (incidents I am responding to or declared) and before (the cursor).
func (u *UI) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := listView{Status: q.Get("status"), Severity: q.Get("severity"), Q: strings.TrimSpace(q.Get("q")), Mine: q.Get("mine") != "", Severities: incident.Severities}
	f := incident.Filter{Severity: incident.Severity(v.Severity), Limit: incident.MaxList}
	switch v.Status {
	case "", "active":
		v.Status, f.Status = "active", "open"
	case "resolved":
		f.Status = "resolved"
	case "all":
	default:
		v.Err = fmt.Sprintf("%q is not a status filter; use active, resolved or all", v.Status)
		v.Status, f.Status = "active", "open"
	}
	if v.Severity != "" && !f.Severity.Valid() {
		v.Err = fmt.Sprintf("%q is not a severity; use SEV-1 to SEV-5", v.Severity)
		v.Severity, f.Severity = "", ""
	}
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	var mine map[int64]bool
	if v.Mine {
		var err error
		if mine, err = u.myIncidents(r.Context(), me(r).UserID); err != nil {
			u.refuse(w, r, err, "")
			return
		}
	}
	incs, next, err := u.filtered(r.Context(), f, v.Q, me(r).Handle, mine)
	if err != nil {
		u.refuse(w, r, err, "/incidents")
		return
	}
	v.Incidents = incs
	if next > 0 {
		nq := url.Values{"status": {v.Status}, "before": {strconv.FormatInt(next, 10)}}
		if v.Severity != "" {
			nq.Set("severity", v.Severity)
		}
		if v.Q != "" {
			nq.Set("q", v.Q)
		}
		if v.Mine {
			nq.Set("mine", "1")
		}
		v.Next = nq.Encode()
	}
	u.render(w, r, "list", v)
}

// filtered pages through the domain's list until it has a page of incidents
// that also match text and mine, or has read listScan incidents.
func (u *UI) filtered(ctx context.Context, f incident.Filter, text, handle string, mine map[int64]bool) ([]incident.Incident, int64, error) {
	text = strings.ToLower(text)
	out := []incident.Incident{}
	for scanned := 0; scanned < listScan; {
		batch, next, err := u.d.Incidents.List(ctx, f)
		if err != nil {
			return nil, 0, err
		}
		scanned += len(batch)
		for _, inc := range batch {
			if text != "" && !strings.Contains(strings.ToLower(inc.Title+"\n"+inc.Summary), text) {
				continue
			}
			if mine != nil && !mine[inc.Number] && inc.CreatedBy != handle {
				continue
			}
			out = append(out, inc)
			if len(out) == listPage {
				if inc.Number > 1 {
					return out, inc.Number, nil
				}
				return out, 0, nil
			}
		}
		if next == 0 {
			return out, 0, nil
		}
		f.Before = next
	}
	return out, f.Before, nil
}

// myIncidents is the set of incidents user is a current responder of.
func (u *UI) myIncidents(ctx context.Context, user int64) (map[int64]bool, error) {
	rows, err := u.d.DB.Query(ctx, `SELECT DISTINCT incident FROM responder_stints WHERE user_id = ? AND left_at IS NULL`, user)
	if err != nil {
		return nil, fmt.Errorf("my incidents: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("my incidents: %w", err)
		}
		out[n] = true
	}
	return out, rows.Err()
}
