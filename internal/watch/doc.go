// Package watch owns the out-of-band watch: probes (HTTP, TCP, DNS, TLS) and
// heartbeats, their schedules, their results and the alerts they raise; the
// connectivity guard that keeps a cut-off sitrep from paging for every
// probe; and remote vantage points (agents) that run probes elsewhere and
// report back. It never sees HTTP requests of its own API.
package watch
