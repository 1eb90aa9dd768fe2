package event

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Listen keeps one LISTEN connection to PostgreSQL open and passes every
// notification on channel to the hub, so a change committed by any instance
// reaches live readers of every instance, and a credential ended on any
// instance ends the streams opened with it everywhere (see Revoke). It reconnects with capped, jittered
// backoff and, after a reconnect, wakes every topic because notifications sent
// while disconnected are lost (the topics then catch up from the table).
// ready, if not nil, is closed once the first LISTEN is in place.
func Listen(ctx context.Context, url, channel string, hub *Hub, logger *slog.Logger, ready chan<- struct{}) {
	backoff := 100 * time.Millisecond
	first := true
	for ctx.Err() == nil {
		err := listenOnce(ctx, url, channel, hub, func() {
			backoff = 100 * time.Millisecond
			if first {
				first = false
				if ready != nil {
					close(ready)
				}
			} else {
				hub.NotifyAll()
			}
		})
		if ctx.Err() != nil {
			return
		}
		logger.Warn("live events: LISTEN connection lost; reconnecting", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff/2 + rand.N(backoff/2+1)):
		}
		backoff = min(backoff*2, 10*time.Second)
	}
}

func listenOnce(ctx context.Context, url, channel string, hub *Hub, listening func()) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return err
	}
	listening()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if r, ok := ParseRevoked(n.Payload); ok {
			hub.revoked(r)
			continue
		}
		incident, seq, ok := ParseNotification(n.Payload)
		if !ok {
			continue
		}
		hub.Notify(incident, seq)
	}
}

// ParseNotification reads the "incident:seq" payload that Append sends.
func ParseNotification(payload string) (incident, seq int64, ok bool) {
	a, b, found := strings.Cut(payload, ":")
	if !found {
		return 0, 0, false
	}
	incident, err1 := strconv.ParseInt(a, 10, 64)
	seq, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || incident <= 0 || seq <= 0 {
		return 0, 0, false
	}
	return incident, seq, true
}
