package watch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// maxPingToken bounds what is hashed: a real token is 35 characters.
const maxPingToken = 100

// noHeartbeat answers a ping whose token is unknown. It says nothing more:
// the token is the credential, and a caller probing tokens learns nothing.
func noHeartbeat() error { return problem.NotFoundf("", "not found") }

// Ping records a beat of the heartbeat whose token is secret. A heartbeat
// that is new or up costs one UPDATE; one that is down comes back up and
// resolves its alert.
func (s *Heartbeats) Ping(ctx context.Context, secret string) error {
	if len(secret) > maxPingToken {
		return noHeartbeat()
	}
	now, hash := s.clock.Now(), hashPingToken(secret)
	res, err := s.db.Exec(ctx, `UPDATE heartbeats SET last_ping_at = ?, next_due_at = ? + interval_us + grace_us, status = 'up', pings = pings + 1
		WHERE token_hash = ? AND status <> 'down'`, store.Micros(now), store.Micros(now), hash)
	if err != nil {
		return fmt.Errorf("ping heartbeat: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	return s.change(ctx, `token_hash = ?`, hash, now, false)
}

// Fail records that the job behind the heartbeat reported a failure: the
// heartbeat goes down and raises its alert now, without waiting for the
// deadline. The next ping brings it back up.
func (s *Heartbeats) Fail(ctx context.Context, secret string) error {
	if len(secret) > maxPingToken {
		return noHeartbeat()
	}
	return s.change(ctx, `token_hash = ?`, hashPingToken(secret), s.clock.Now(), true)
}

// PingNamed is a ping from a signed-in caller (the CLI) rather than by token.
func (s *Heartbeats) PingNamed(ctx context.Context, actor auth.Principal, name string) (Heartbeat, error) {
	if !actor.Role.Allows(auth.Responder) {
		return Heartbeat{}, problem.Forbiddenf("pinging a heartbeat needs the responder role")
	}
	if _, err := heartbeatNamed(ctx, s.db, name, ""); err != nil {
		return Heartbeat{}, err
	}
	if err := s.change(ctx, `name = ?`, name, s.clock.Now(), false); err != nil {
		return Heartbeat{}, err
	}
	return s.Heartbeat(ctx, name)
}

// change records a ping (or a reported failure when failed) of the heartbeat
// that where selects, in a transaction. A change between up and down marks
// the heartbeat's alert for sending and sends it after commit; should that
// fail, the next check sends it.
func (s *Heartbeats) change(ctx context.Context, where string, arg any, now time.Time, failed bool) error {
	var id int64
	var flipped bool
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var status HeartbeatStatus
		err := tx.QueryRow(ctx, `SELECT id, status FROM heartbeats WHERE `+where+tx.ForUpdate(), arg).Scan(&id, &status)
		if errors.Is(err, store.ErrNotFound) {
			return noHeartbeat()
		}
		if err != nil {
			return err
		}
		flipped = (status == HeartbeatDown) != failed
		q := `UPDATE heartbeats SET last_ping_at = ?, next_due_at = ? + interval_us + grace_us, pings = pings + 1, status = 'up', failed = 0, down_since = NULL`
		if failed {
			q = `UPDATE heartbeats SET last_ping_at = ?, next_due_at = ? + interval_us + grace_us, pings = pings + 1, status = 'down', failed = 1,
				down_since = COALESCE(down_since, ?)`
		}
		args := []any{store.Micros(now), store.Micros(now)}
		if failed {
			args = append(args, store.Micros(now))
		}
		if flipped {
			q += `, status_seq = status_seq + 1, alert_dirty = 1`
		}
		_, err = tx.Exec(ctx, q+` WHERE id = ?`, append(args, id)...)
		return err
	})
	if err != nil {
		return fmt.Errorf("ping heartbeat: %w", err)
	}
	if flipped {
		if err := s.syncAlert(ctx, id); err != nil {
			// The beat is recorded; the check retries the alert.
			s.logger.WarnContext(ctx, "heartbeat alert not sent; the next check retries", "heartbeat", id, "err", err)
		}
	}
	return nil
}
