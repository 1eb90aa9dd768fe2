// Package live owns long-lived server-sent event connections: taking over
// HTTP/1.1 connections and writing frames cheaply.
//
// A war room may have 10,000 readers, so a stream must cost little. Over
// HTTP/1.1 a stream takes its connection over from net/http (Hijack), writes
// the response head itself and then writes each frame as one chunk: net/http's
// background reader and its read and write buffers are released, and what is
// left per reader is a socket and the goroutine that writes to it. Other
// protocols (HTTP/2) stream through the ResponseWriter as usual (Flushed).
package live

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"
)

// WriteTimeout bounds one write to a reader; a reader that takes longer is gone.
const WriteTimeout = 30 * time.Second

// Out is where a stream writes its frames. Close ends the response.
type Out interface {
	Write(frame []byte) error
	Close()
}

// SetHeaders sets the headers of an SSE response on w.
func SetHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
}

// Hijack takes an HTTP/1.1 connection over from net/http (see the package
// comment), writes the response head with the headers set on w so far, and
// returns where to write the stream's frames. The caller owns the connection
// from then on and must Close the Chunked; the request's context ends when the
// handler returns, and a client that goes away is noticed when a write fails.
// It fails for other protocols: stream with Flush then.
func Hijack(w http.ResponseWriter, r *http.Request) (*Chunked, error) {
	if r.ProtoMajor != 1 || r.ProtoMinor != 1 {
		return nil, errors.New("live: only an HTTP/1.1 connection can be taken over")
	}
	conn, err := hijack(w)
	if err != nil {
		return nil, err
	}
	return &Chunked{conn: conn}, nil
}

// Flush starts the response through net/http and returns where to write the
// stream's frames, each flushed as written; the stream lasts as long as the
// handler does.
func Flush(w http.ResponseWriter) *Flushed {
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{})
	w.WriteHeader(http.StatusOK)
	return &Flushed{w: w, rc: rc}
}

// hijack takes the connection over from net/http and writes the response
// head itself, with the headers set so far and chunked framing.
func hijack(w http.ResponseWriter) (net.Conn, error) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return nil, fmt.Errorf("live: take the connection over: %w", err)
	}
	// Whatever the client sent after its request is of no interest to a
	// stream; dropping the buffered reader and writer frees them.
	h := w.Header().Clone()
	h.Del("Content-Length")
	h.Set("Transfer-Encoding", "chunked")
	h.Set("Connection", "close")
	h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	head := bufio.NewWriterSize(conn, 1024)
	_, _ = head.WriteString("HTTP/1.1 200 OK\r\n")
	_ = h.Write(head)
	_, _ = head.WriteString("\r\n")
	_ = conn.SetWriteDeadline(time.Now().Add(WriteTimeout))
	if err := head.Flush(); err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("live: write response head: %w", err)
	}
	return conn, nil
}

// Chunked writes frames to a hijacked HTTP/1.1 connection as chunks.
type Chunked struct{ conn net.Conn }

// Write sends frames as one chunk, in one write.
func (c *Chunked) Write(frame []byte) error { return c.WriteAll(frame) }

// WriteAll sends frames as one chunk, in one write.
func (c *Chunked) WriteAll(frames ...[]byte) error {
	n := 0
	for _, f := range frames {
		n += len(f)
	}
	if n == 0 {
		return nil
	}
	// One writev of size line, frames and trailer: the frames, shared by
	// every reader, are not copied.
	size := strconv.AppendInt(make([]byte, 0, 12), int64(n), 16)
	bufs := make(net.Buffers, 0, len(frames)+2)
	bufs = append(bufs, append(size, "\r\n"...))
	bufs = append(bufs, frames...)
	bufs = append(bufs, crlf)
	_ = c.conn.SetWriteDeadline(time.Now().Add(WriteTimeout))
	_, err := bufs.WriteTo(c.conn)
	return err
}

var crlf = []byte("\r\n")

// Close ends the chunked body and closes the connection.
func (c *Chunked) Close() {
	_ = c.conn.SetWriteDeadline(time.Now().Add(time.Second))
	_, _ = c.conn.Write([]byte("0\r\n\r\n"))
	_ = c.conn.Close()
}

// Flushed writes frames through net/http, flushing each.
type Flushed struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

// Write sends frame and flushes it.
func (f *Flushed) Write(frame []byte) error {
	_ = f.rc.SetWriteDeadline(time.Now().Add(WriteTimeout))
	if _, err := f.w.Write(frame); err != nil {
		return err
	}
	return f.rc.Flush()
}

// Close does nothing: the response ends when the handler returns.
func (f *Flushed) Close() {}

// WriteAll sends frames to out: in one chunk when out is Chunked.
func WriteAll(out Out, frames ...[]byte) error {
	if c, ok := out.(*Chunked); ok {
		return c.WriteAll(frames...)
	}
	for _, f := range frames {
		if err := out.Write(f); err != nil {
			return err
		}
	}
	return nil
}
