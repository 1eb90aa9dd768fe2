package notify

import (
	"math/rand/v2"
	"time"
)

// Backoff returns how long to wait before attempt number attempt+1, given
// that attempt attempts have failed (attempt 1 is the first failure). It is
// capped exponential backoff with full jitter: a uniform draw from
// [0, min(max, base·2^(attempt-1))]. Full jitter is what keeps a thousand
// messages that failed together from retrying together: their next attempts
// spread over the whole window instead of arriving as one wave when a
// provider comes back.
//
// rnd makes the draw reproducible in tests; nil uses the shared source.
// A *rand.Rand is not safe for concurrent use, so give each goroutine its own.
func Backoff(attempt int, base, max time.Duration, rnd *rand.Rand) time.Duration {
	if base <= 0 {
		return 0
	}
	if max < base {
		max = base
	}
	if attempt < 1 {
		attempt = 1
	}
	ceiling := max
	// base<<shift would overflow long before 62 doublings; compare against
	// max shifted the other way instead.
	if shift := attempt - 1; shift < 62 && base <= max>>shift {
		ceiling = base << shift
	}
	if rnd == nil {
		return time.Duration(rand.Int64N(int64(ceiling) + 1))
	}
	return time.Duration(rnd.Int64N(int64(ceiling) + 1))
}
