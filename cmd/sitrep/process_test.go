package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// adminToken is given to every server through SITREP_BOOTSTRAP_TOKEN.
const adminToken = "sitrep_crash_test_admin_token_0123456789"

// build holds the binary that the tests run: built once, on first use, the
// way it ships (static, without cgo).
var build struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
	os.Exit(code)
}

func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the real binary; skipped under -short")
	}
	build.once.Do(func() {
		build.dir, build.err = os.MkdirTemp("", "sitrep-crash-")
		if build.err != nil {
			return
		}
		build.path = filepath.Join(build.dir, "sitrep")
		cmd := exec.Command("go", "build", "-o", build.path, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			build.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if build.err != nil {
		t.Fatal(build.err)
	}
	return build.path
}

// server is one `sitrep serve` process.
type server struct {
	cmd    *exec.Cmd
	url    string
	out    *lockedBuffer
	exited chan struct{}
	err    error // how the process ended, once exited is closed
}

// freeAddr finds a loopback port to serve on. The restarted server must come
// back on the same address, so the port is chosen here rather than by serve.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// serve starts the binary on dataDir (and PostgreSQL at db, when set) and
// returns once /healthz answers.
func serve(t *testing.T, dataDir, db, addr string, extra ...string) *server {
	t.Helper()
	args := append([]string{"serve", "--data", dataDir, "--listen", addr}, extra...)
	if db != "" {
		args = append(args, "--db", db)
	}
	s := &server{cmd: exec.Command(binary(t), args...), url: "http://" + addr, out: &lockedBuffer{}, exited: make(chan struct{})}
	s.cmd.Env = append(os.Environ(), "SITREP_BOOTSTRAP_TOKEN="+adminToken)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		s.kill()
		if t.Failed() {
			t.Logf("server output:\n%s", s.out.String())
		}
	})
	s.waitHealthy(t)
	return s
}

// waitHealthy polls /healthz: a starting process gives no other signal that
// it listens. The deadline bounds a server that never comes up.
func (s *server) waitHealthy(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(s.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-s.exited:
			t.Fatalf("sitrep exited before it was healthy (%v):\n%s", s.err, s.out.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("sitrep not healthy after 60s:\n%s", s.out.String())
		}
	}
}

// kill ends the process at once, as a power cut or the OOM killer would.
func (s *server) kill() {
	select {
	case <-s.exited:
		return
	default:
	}
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// waitExit waits for the process to end on its own, until ctx ends.
func (s *server) waitExit(ctx context.Context) error {
	select {
	case <-s.exited:
		return s.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
