package statuspage

import (
	"context"
	"encoding/xml"
	"net/http"
	"strconv"
	"time"
)

// The Atom 1.0 document of /feed.atom. encoding/xml escapes every text, so a
// title or body cannot inject markup into readers' feeds.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Link    atomLink    `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomEntry struct {
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Content atomText `xml:"content"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// feed lists the latest public updates, one entry each. Links are relative
// to the feed's own address, since only the reader knows the public host.
func (h *Handler) feed(ctx context.Context, _ *http.Request) (response, error) {
	ups, titles, err := h.store.Feed(ctx)
	if err != nil {
		return response{}, err
	}
	updated := h.clock.Now()
	if len(ups) > 0 {
		updated = ups[0].CreatedAt
	}
	f := atomFeed{ID: "urn:sitrep:status", Title: "Status updates", Updated: updated.UTC().Format(time.RFC3339), Link: atomLink{Href: "/"}}
	for _, u := range ups {
		n := strconv.FormatInt(u.Incident, 10)
		f.Entries = append(f.Entries, atomEntry{
			ID:      "urn:sitrep:update:" + strconv.FormatInt(u.ID, 10),
			Title:   "Incident " + n + ": " + titles[u.Incident],
			Updated: u.CreatedAt.UTC().Format(time.RFC3339),
			Link:    atomLink{Href: "/incidents/" + n},
			Content: atomText{Type: "text", Body: u.Body},
		})
	}
	maint, err := h.upcoming(ctx)
	if err != nil {
		return response{}, err
	}
	for _, m := range maint {
		word := "Scheduled maintenance"
		if m.State == MaintInProgress {
			word = "Maintenance in progress"
		}
		f.Entries = append(f.Entries, atomEntry{
			ID:      "urn:sitrep:maintenance:" + strconv.FormatInt(m.ID, 10) + ":" + m.State,
			Title:   word + ": " + m.Title,
			Updated: m.StartsAt.UTC().Format(time.RFC3339),
			Link:    atomLink{Href: "/"},
			Content: atomText{Type: "text", Body: maintenanceText(m)},
		})
	}
	b, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return response{}, err
	}
	return response{status: http.StatusOK, contentType: "application/atom+xml; charset=utf-8", body: append([]byte(xml.Header), b...)}, nil
}
