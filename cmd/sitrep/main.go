// Command sitrep is the incident command platform in one binary: the server
// (sitrep serve) and a CLI over its API.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"sitrep/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
