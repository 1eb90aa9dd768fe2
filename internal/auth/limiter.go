package auth

import (
	"sync"
	"time"

	"sitrep/internal/clock"
)

// LoginLimiter counts failed sign-ins per key (a handle, a client address) in
// a fixed window and refuses a key once it has failed max times. It lives in
// memory: a restart forgiving a few guesses is cheaper than a write per guess,
// and each instance keeps its own count.
type LoginLimiter struct {
	clock  clock.Clock
	max    int
	window time.Duration
	size   int

	mu   sync.Mutex
	keys map[string]*failures
}

type failures struct {
	since time.Time
	n     int
}

// NewLoginLimiter allows max failures per key per window and remembers at
// most size keys.
func NewLoginLimiter(c clock.Clock, max int, window time.Duration, size int) *LoginLimiter {
	return &LoginLimiter{clock: c, max: max, window: window, size: size, keys: map[string]*failures{}}
}

// Wait returns how long the first refused key among keys must wait; zero means
// a sign-in may be tried.
func (l *LoginLimiter) Wait(keys ...string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	for _, k := range keys {
		if f := l.keys[k]; f != nil && f.n >= l.max {
			if left := f.since.Add(l.window).Sub(now); left > 0 {
				return left
			}
		}
	}
	return 0
}

// Fail records a failed sign-in against every key.
func (l *LoginLimiter) Fail(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	for _, k := range keys {
		f := l.keys[k]
		if f == nil || now.Sub(f.since) >= l.window {
			if f == nil && len(l.keys) >= l.size {
				l.evict(now)
			}
			f = &failures{since: now}
			l.keys[k] = f
		}
		f.n++
	}
}

// Forget clears a key, as after a successful sign-in to that handle.
func (l *LoginLimiter) Forget(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.keys, key)
}

// evict makes room: first every expired window, and if none has expired the
// oldest one, which has the least time left to refuse anyway.
func (l *LoginLimiter) evict(now time.Time) {
	var oldest string
	var oldestSince time.Time
	for k, f := range l.keys {
		if now.Sub(f.since) >= l.window {
			delete(l.keys, k)
			continue
		}
		if oldest == "" || f.since.Before(oldestSince) {
			oldest, oldestSince = k, f.since
		}
	}
	if len(l.keys) >= l.size && oldest != "" {
		delete(l.keys, oldest)
	}
}
