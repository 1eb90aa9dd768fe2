package httpapi

import (
	"encoding/json"
	"fmt"
	"strconv"
	"sync/atomic"

	"sitrep/internal/event"
)

// sseFrame encodes one event; its SSE id is its seq, so a reconnecting
// EventSource resumes after it.
func sseFrame(ev *event.Event) ([]byte, error) {
	data, err := json.Marshal(ev)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, len(data)+len(ev.Kind)+40)
	b = append(b, "id: "...)
	b = strconv.AppendInt(b, ev.Seq, 10)
	b = append(b, "\nevent: "...)
	b = append(b, ev.Kind...)
	b = append(b, "\ndata: "...)
	b = append(b, data...)
	return append(b, "\n\n"...), nil
}

// frameCache holds the encoded frames of recent live events. The hub shares
// one *event.Event among all readers of an incident, so the first reader
// encodes it and the other 9,999 reuse the bytes.
type frameCache struct {
	slots [event.RingSize]atomic.Pointer[cachedFrame]
}

type cachedFrame struct {
	ev    *event.Event
	frame []byte
}

var frames frameCache

func (c *frameCache) get(ev *event.Event) ([]byte, error) {
	slot := &c.slots[uint64(ev.Seq)%event.RingSize]
	if f := slot.Load(); f != nil && f.ev == ev {
		return f.frame, nil
	}
	frame, err := sseFrame(ev)
	if err != nil {
		return nil, err
	}
	slot.Store(&cachedFrame{ev: ev, frame: frame})
	return frame, nil
}

// controlFrame tells the client why the stream ends: "reconnect" (lagged or
// shutting down: reconnect with Last-Event-ID) or "signed-out".
func controlFrame(kind, reason string) []byte {
	return fmt.Appendf(nil, "event: %s\ndata: %q\n\n", kind, reason)
}
