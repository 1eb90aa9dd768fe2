package app

import (
	"context"

	"sitrep/internal/watch"
)

// startHeartbeats builds the heartbeat service and, unless the caller drives
// it (ManualWatch or ManualEngine: tests call Heartbeats.Tick), runs its
// deadline check in the background on bg. Ping URLs start with the public URL.
func (a *App) startHeartbeats(bg context.Context, opts Options) {
	a.Heartbeats = watch.NewHeartbeats(a.db, a.log, opts.clock(), a.Alerts, a.logger)
	a.Heartbeats.BaseURL = a.cfg.PublicURL
	if opts.ManualWatch || opts.ManualEngine {
		return
	}
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		a.Heartbeats.Run(bg)
	}()
}
