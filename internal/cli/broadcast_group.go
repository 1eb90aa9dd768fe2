package cli

import (
	"context"
	"encoding/json"
	"fmt"

	"sitrep/client"
)

// maxTimelineReads bounds the search for a broadcast's event: 20 reads of
// 1,000 events, more than any incident we have seen.
const maxTimelineReads = 20

// broadcastGroup returns whom broadcast page id addressed, from its
// broadcast.sent event on incident n's timeline. The page itself does not
// say: the audience is a group that the server resolves when it sends, and
// the event is where it records who that was.
func broadcastGroup(ctx context.Context, c *client.Client, n, id int64) ([]string, error) {
	var after int64
	for range maxTimelineReads {
		tl, err := c.Timeline(ctx, n, after, 1000)
		if err != nil {
			return nil, err
		}
		for _, ev := range tl.Events {
			if ev.Kind != "broadcast.sent" {
				continue
			}
			var data struct {
				Page   int64    `json:"page"`
				People []string `json:"people"`
			}
			if err := json.Unmarshal(ev.Data, &data); err != nil {
				return nil, fmt.Errorf("read broadcast.sent event %d: %w", ev.Seq, err)
			}
			if data.Page == id {
				if data.People == nil {
					data.People = []string{}
				}
				return data.People, nil
			}
		}
		if len(tl.Events) == 0 || tl.NextCursor == "" {
			break
		}
		after = tl.Events[len(tl.Events)-1].Seq
	}
	return nil, fmt.Errorf("broadcast %d was sent, but its event is not on the timeline of #%d; see: sitrep deliveries --page %d", id, n, id)
}
