package cli

import (
	"github.com/spf13/cobra"

	"sitrep/client"
)

// pageReport is what `page` and `broadcast` print under --json: the page,
// with its fields at the top so that scripts read .id, plus who is being
// notified and each notification.
type pageReport struct {
	client.Page
	People     []string          `json:"people"`
	Deliveries []client.Delivery `json:"deliveries"`
}

// maxDeliveryReads bounds how many stretches of a page's deliveries reach
// reads (the server sends 100 at a time): enough for a broadcast to a few
// thousand people with several contact methods each.
const maxDeliveryReads = 50

// reach reads the notifications of page p. The server queues them in the
// transaction that creates the page, so they are all there when the page
// is; they are listed oldest first, as they were planned.
func (e *env) reach(cmd *cobra.Command, c *client.Client, p client.Page) (pageReport, error) {
	rep := pageReport{Page: p, People: []string{}, Deliveries: []client.Delivery{}}
	cursor := ""
	for range maxDeliveryReads {
		l, err := c.Deliveries(cmd.Context(), p.ID, "", cursor)
		if err != nil {
			return rep, err
		}
		rep.Deliveries = append(rep.Deliveries, l.Deliveries...)
		if cursor = l.NextCursor; cursor == "" {
			break
		}
	}
	for i, j := 0, len(rep.Deliveries)-1; i < j; i, j = i+1, j-1 {
		rep.Deliveries[i], rep.Deliveries[j] = rep.Deliveries[j], rep.Deliveries[i]
	}
	seen := map[string]bool{}
	for _, d := range rep.Deliveries {
		if d.User != "" && !seen[d.User] {
			seen[d.User] = true
			rep.People = append(rep.People, d.User)
		}
	}
	return rep, nil
}
