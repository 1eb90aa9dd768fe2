package smtptest_test

import (
	"context"
	"net/smtp"
	"testing"

	"sitrep/internal/notify/email/smtptest"
)

func TestWaitReturnsOnceTheMessagesArrive(t *testing.T) {
	mx, err := smtptest.Start(smtptest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer mx.Close()

	arrived := make(chan []smtptest.Message, 1)
	go func() {
		msgs, err := mx.Wait(context.Background(), 1)
		if err != nil {
			t.Error(err)
		}
		arrived <- msgs
	}()
	raw := "From: pager@example.com\r\nTo: maria@example.com\r\nSubject: =?utf-8?q?Caf=C3=A9_down?=\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\nQWNrbm93bGVkZ2U6IGh0\r\ndHBzOi8vc2l0cmVwLmV4YW1wbGUuY29tL2EvMQ==\r\n"
	if err := smtp.SendMail(mx.Addr, nil, "pager@example.com", []string{"maria@example.com"}, []byte(raw)); err != nil {
		t.Fatal(err)
	}
	msgs := <-arrived
	if len(msgs) != 1 || msgs[0].Subject != "Café down" || msgs[0].Text != "Acknowledge: https://sitrep.example.com/a/1" {
		t.Fatalf("got %+v", msgs)
	}
}

func TestWaitGivesUpWithItsContext(t *testing.T) {
	mx, err := smtptest.Start(smtptest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer mx.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := mx.Wait(ctx, 1); err != context.Canceled {
		t.Fatalf("Wait = %v, want context.Canceled", err)
	}
}

func TestImplicitTLSNeedsACertificate(t *testing.T) {
	if _, err := smtptest.Start(smtptest.Options{Implicit: true}); err == nil {
		t.Fatal("started an implicit TLS server without a certificate")
	}
}
