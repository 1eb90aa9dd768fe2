package statedoc

import "sync"

// SeqCache keeps one computed value per key together with the incident event
// sequence it was computed at. Readers that arrive at the same sequence share
// the value, and readers that arrive while it is being computed wait for that
// one computation instead of starting their own: when an update lands in
// front of thousands of readers, it is read and rendered once. Values are
// shared between readers and must not be modified.
type SeqCache[K comparable, V any] struct {
	mu  sync.Mutex
	m   map[K]*seqEntry[V]
	max int
}

type seqEntry[V any] struct {
	seq  int64
	done chan struct{}
	v    V
	err  error
}

// NewSeqCache returns a cache of at most max values.
func NewSeqCache[K comparable, V any](max int) *SeqCache[K, V] {
	return &SeqCache[K, V]{m: map[K]*seqEntry[V]{}, max: max}
}

// Get returns the value for key at seq or later, computing it with fn when
// there is none. Errors are not kept.
func (c *SeqCache[K, V]) Get(key K, seq int64, fn func() (V, error)) (V, error) {
	c.mu.Lock()
	if e := c.m[key]; e != nil && e.seq >= seq {
		c.mu.Unlock()
		<-e.done
		if e.err == nil {
			return e.v, nil
		}
		return fn()
	}
	if len(c.m) >= c.max {
		// A bounded cache: dropping everything is crude but rare (more than
		// max documents read between two changes) and keeps memory fixed.
		clear(c.m)
	}
	e := &seqEntry[V]{seq: seq, done: make(chan struct{})}
	c.m[key] = e
	c.mu.Unlock()
	e.v, e.err = fn()
	close(e.done)
	if e.err != nil {
		c.mu.Lock()
		if c.m[key] == e {
			delete(c.m, key)
		}
		c.mu.Unlock()
	}
	return e.v, e.err
}
