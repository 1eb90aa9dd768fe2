// Package bench holds sitrep's load generators: benchmarks that run a real
// server in process, drive it over HTTP on loopback and print what they
// measured. They never assert timings; the figures go into README.md beside
// them and into the issue notes.
package bench
