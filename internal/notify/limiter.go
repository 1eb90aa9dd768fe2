package notify

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter is a token bucket per key (a contact, a provider) held in memory:
// every key may send burst messages at once and then one per interval. It
// smooths one instance's sending; the limits that must hold across instances
// and restarts are computed from persisted delivery history by the delivery
// layer. It is safe for concurrent use.
type Limiter struct {
	mu      sync.Mutex
	limit   rate.Limit
	burst   int
	now     func() time.Time
	buckets map[string]*rate.Limiter

	// Idle buckets are swept when the map has doubled since the last sweep,
	// or when a whole refill time has passed since it.
	sweepAt   int
	lastSweep time.Time
	refill    time.Duration
}

// minSweep is the map size below which idle buckets are not worth sweeping.
const minSweep = 1024

// NewLimiter returns a limiter that allows burst messages at once per key and
// then one every interval, reading time from now.
func NewLimiter(interval time.Duration, burst int, now func() time.Time) *Limiter {
	if burst < 1 {
		burst = 1
	}
	lim := rate.Inf
	if interval > 0 {
		lim = rate.Every(interval)
	}
	return &Limiter{
		limit: lim, burst: burst, now: now,
		buckets: map[string]*rate.Limiter{},
		sweepAt: minSweep, lastSweep: now(), refill: interval * time.Duration(burst),
	}
}

// Allow takes a token for key if one is there. If not, it takes nothing and
// returns how long until one will be, so the caller can put the message back
// and come again then; the backlog then drains at the limit instead of
// spinning.
func (l *Limiter) Allow(key string) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.bucket(key, now)
	r := b.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// Len is the number of keys with a bucket that is not full.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

func (l *Limiter) bucket(key string, now time.Time) *rate.Limiter {
	if b, ok := l.buckets[key]; ok {
		return b
	}
	if n := len(l.buckets); n >= l.sweepAt || (n >= minSweep && now.Sub(l.lastSweep) >= l.refill) {
		l.sweep(now)
	}
	b := rate.NewLimiter(l.limit, l.burst)
	l.buckets[key] = b
	return b
}

// sweep forgets buckets that have refilled: a full bucket is the same as no
// bucket. So the map holds only keys that sent within about one refill time,
// and a storm of distinct keys costs memory only while it lasts. Doubling the
// size threshold keeps sweeping amortized constant per call.
func (l *Limiter) sweep(now time.Time) {
	l.lastSweep = now
	for k, b := range l.buckets {
		if b.TokensAt(now) >= float64(l.burst) {
			delete(l.buckets, k)
		}
	}
	l.sweepAt = max(minSweep, 2*len(l.buckets))
}
