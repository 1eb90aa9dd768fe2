package statuspage

import (
	"sync"
	"time"

	"sitrep/internal/clock"
)

// response is one rendered page, ready to write again.
type response struct {
	status      int
	contentType string
	body        []byte
	// gz is body gzipped once per render, for the many readers that accept
	// it; nil when the body is too small to gain from it.
	gz []byte
}

// entry is a cached response; ready closes once res is set, so that readers
// arriving while it renders wait for that one render instead of starting their own.
type entry struct {
	ready   chan struct{}
	res     response
	expires time.Time
}

// cache holds rendered responses for a few seconds. During an outage the
// page is read by thousands of customers a second while responders post; a
// few seconds of staleness turns that into one query burst per TTL per path.
// It is bounded so that requests for many incident numbers cannot grow it.
type cache struct {
	clock clock.Clock
	ttl   time.Duration
	max   int

	mu      sync.Mutex
	entries map[string]*entry
}

func newCache(c clock.Clock, ttl time.Duration, max int) *cache {
	return &cache{clock: c, ttl: ttl, max: max, entries: make(map[string]*entry)}
}

// get returns the response for key, rendering it with render when there is
// none fresh. Errors are not cached: the next reader tries again.
func (c *cache) get(key string, render func() (response, error)) (response, error) {
	now := c.clock.Now()
	c.mu.Lock()
	e, ok := c.entries[key]
	if ok {
		c.mu.Unlock()
		<-e.ready
		if now.Before(e.expires) {
			return e.res, nil
		}
		c.mu.Lock()
		// Another reader may have replaced the stale entry meanwhile.
		if cur := c.entries[key]; cur != e {
			c.mu.Unlock()
			return c.get(key, render)
		}
	}
	e = &entry{ready: make(chan struct{})}
	c.put(key, e, now)
	c.mu.Unlock()

	return c.fill(key, e, render)
}

// fill renders e. Whatever happens, a panic included, it releases the
// readers waiting on e; a failed e is dropped and left expired, so they
// render again rather than serve the failure.
func (c *cache) fill(key string, e *entry, render func() (response, error)) (res response, err error) {
	filled := false
	defer func() {
		if !filled {
			c.mu.Lock()
			if c.entries[key] == e {
				delete(c.entries, key)
			}
			c.mu.Unlock()
		}
		close(e.ready)
	}()
	if res, err = render(); err != nil {
		return res, err
	}
	res.gz = gzipped(res.body)
	e.res, e.expires = res, c.clock.Now().Add(c.ttl)
	filled = true
	return res, nil
}

// put stores e under key, first making room by dropping expired entries and,
// if every entry is fresh, all of them: with a few seconds' TTL, refilling
// is cheaper than tracking recency.
func (c *cache) put(key string, e *entry, now time.Time) {
	if _, ok := c.entries[key]; !ok && len(c.entries) >= c.max {
		for k, old := range c.entries {
			select {
			case <-old.ready:
				if !now.Before(old.expires) {
					delete(c.entries, k)
				}
			default:
			}
		}
		if len(c.entries) >= c.max {
			clear(c.entries)
		}
	}
	c.entries[key] = e
}
