package page_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/notify"
	"sitrep/internal/page"
	"sitrep/internal/store"
)

// hanging is a provider that accepts the connection and never answers until
// released: the webhook receiver of a team whose own cluster is down.
type hanging struct {
	entered chan struct{}
	release chan struct{}
}

func (h *hanging) Channel() string { return notify.ChannelWebhook }

func (h *hanging) Send(ctx context.Context, _ notify.Message) (bool, error) {
	select {
	case h.entered <- struct{}{}:
	default:
	}
	select {
	case <-h.release:
		return false, nil
	case <-ctx.Done():
		return true, ctx.Err()
	}
}

// signalling records an SMS and says so on a channel.
type signalling struct{ got chan notify.Message }

func (s *signalling) Channel() string { return notify.ChannelSMS }

func (s *signalling) Send(_ context.Context, m notify.Message) (bool, error) {
	s.got <- m
	return false, nil
}

// laura's team webhook hangs; sam is paged by SMS meanwhile. The SMS must
// not wait behind the hanging webhook: each channel has its own loop.
func TestHangingProviderDoesNotHoldUpOtherChannels(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		p := newPager(t, d, nil)
		ctx, cancel := context.WithCancel(context.Background())
		hang := &hanging{entered: make(chan struct{}, 1), release: make(chan struct{})}
		sms := &signalling{got: make(chan notify.Message, 4)}
		engine := page.NewEngine(p.pages, []notify.Sender{hang, sms}, page.DefaultLimits(), slog.New(slog.NewTextHandler(io.Discard, nil)))
		done := make(chan struct{})
		go func() { defer close(done); engine.Run(ctx) }()
		defer func() { close(hang.release); cancel(); <-done }()

		laura := p.person(t, "laura", time.Hour)
		sam := p.person(t, "sam", 0)
		p.mu.Lock()
		p.contacts[laura.UserID] = []page.Contact{{Channel: notify.ChannelWebhook, Address: "https://hooks.example.com/eu1", Method: 1}}
		p.contacts[sam.UserID] = []page.Contact{{Channel: notify.ChannelSMS, Address: "+4915100000003", Method: 2}}
		p.mu.Unlock()

		if _, err := p.pages.Trigger(ctx, p.admin, page.Request{Summary: "eu1 down", Targets: []page.Target{{Kind: "user", Ref: "laura"}}}); err != nil {
			t.Fatal(err)
		}
		select {
		case <-hang.entered:
		case <-time.After(10 * time.Second):
			t.Fatal("the webhook was never attempted")
		}
		if _, err := p.pages.Trigger(ctx, p.admin, page.Request{Summary: "us1 down", Targets: []page.Target{{Kind: "user", Ref: "sam"}}}); err != nil {
			t.Fatal(err)
		}
		select {
		case m := <-sms.got:
			if m.To != "+4915100000003" {
				t.Fatalf("SMS to %s", m.To)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("sam's SMS is held up behind laura's hanging webhook")
		}
	})
}
