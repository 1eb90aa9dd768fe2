package app

import (
	"context"

	"sitrep/internal/notify"
	"sitrep/internal/watch"
)

// startWatch builds the out-of-band watch (probes, heartbeats, remote agents)
// and, unless the caller drives it (ManualWatch or ManualEngine), runs its scheduler in the
// background on bg. Probe targets pass the same outbound guard as webhooks:
// loopback and private addresses only if --allow-private.
func (a *App) startWatch(bg context.Context, opts Options) error {
	a.startHeartbeats(bg, opts)
	guard := notify.Guard{AllowPrivate: a.cfg.Channels.AllowPrivate}
	a.Probes = watch.NewService(a.db, a.log, opts.clock(), guard)
	a.Probes.SetAlerts(a.Alerts, watch.NewCanaries(a.cfg.Watch.Canaries, opts.clock()), a.logger)
	a.Watch = watch.NewScheduler(a.Probes, watch.NewChecker(guard), opts.clock(), a.logger, watch.DefaultWorkers)
	if !opts.ManualWatch && !opts.ManualEngine {
		a.wg.Add(1)
		go func() {
			defer a.wg.Done()
			a.Watch.Run(bg)
		}()
	}
	return nil
}
