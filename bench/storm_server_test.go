package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The storm and SSE benchmarks run the built binary as a separate process,
// so that what /proc says of memory and CPU is the server's alone.

// buildSitrep builds cmd/sitrep as the release is built (no cgo).
func buildSitrep(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "sitrep")
	cmd := exec.Command("go", "build", "-trimpath", "-o", bin, "../cmd/sitrep")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("build sitrep: %v\n%s", err, out)
	}
	return bin
}

// server is a sitrep process started from the built binary.
type server struct {
	cmd   *exec.Cmd
	url   string
	token string
}

func startServer(tb testing.TB, bin string, args ...string) *server {
	tb.Helper()
	dir := tb.TempDir()
	l := freeAddr(tb)
	log, err := os.Create(filepath.Join(dir, "sitrep.log"))
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"serve", "--data", filepath.Join(dir, "data"), "--listen", l}, args...)...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.Env = append(os.Environ(), "SITREP_WEBHOOK_SECRET=storm-bench-secret")
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start sitrep: %v", err)
	}
	s := &server{cmd: cmd, url: "http://" + l}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	tb.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		<-exited
		log.Close()
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(s.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case <-exited:
			out, _ := os.ReadFile(log.Name())
			tb.Fatalf("sitrep exited before answering /healthz:\n%s", out)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			out, _ := os.ReadFile(log.Name())
			tb.Fatalf("sitrep did not answer /healthz within 60 s:\n%s", out)
		}
	}
	tok, err := os.ReadFile(filepath.Join(dir, "data", "admin.token"))
	if err != nil {
		tb.Fatalf("admin token: %v", err)
	}
	s.token = strings.TrimSpace(string(tok))
	return s
}

// freeAddr is a loopback address that nothing listens on a moment ago.
func freeAddr(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func (s *server) call(tb testing.TB, method, path string, body any) {
	tb.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(context.Background(), method, s.url+path, bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		var p map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&p)
		tb.Fatalf("%s %s: %d %v", method, path, resp.StatusCode, p)
	}
}

func (s *server) get(tb testing.TB, path string, out any) {
	tb.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), "GET", s.url+path, nil)
	req.Header.Set("Authorization", "Bearer "+s.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		tb.Fatalf("GET %s: %v", path, err)
	}
}

// cpu is the server's CPU time so far, user and system, from /proc: on a
// loaded machine the rate depends on the neighbours, CPU time per alert much
// less so.
func (s *server) cpu(tb testing.TB) time.Duration {
	tb.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		tb.Logf("server CPU: %v", err)
		return 0
	}
	// The fields after the command name, which is in parentheses.
	f := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+1:]))
	var utime, stime int64
	if len(f) > 12 {
		fmt.Sscan(f[11], &utime)
		fmt.Sscan(f[12], &stime)
	}
	// Clock ticks are 100 a second on Linux.
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// memory reads the server's resident set and its peak from /proc.
func (s *server) memory(tb testing.TB) (rss, hwm int64) {
	tb.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		tb.Logf("server memory: %v", err)
		return 0, 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		var kb int64
		if _, err := fmt.Sscanf(line, "VmRSS: %d kB", &kb); err == nil {
			rss = kb << 10
		}
		if _, err := fmt.Sscanf(line, "VmHWM: %d kB", &kb); err == nil {
			hwm = kb << 10
		}
	}
	return rss, hwm
}
