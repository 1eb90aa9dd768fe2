package notify_test

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"sitrep/internal/notify"
)

func TestGuardCheck(t *testing.T) {
	strict, private, admin := notify.Guard{}, notify.Guard{AllowPrivate: true}, notify.Guard{AllowPrivate: true, AllowLinkLocal: true}
	tests := []struct {
		ip                     string
		strict, private, admin bool // allowed?
	}{
		{"93.184.215.14", true, true, true},
		{"2606:2800:21f:cb07:6820:80da:af6b:8b2c", true, true, true},
		{"127.0.0.1", false, true, true},
		{"::1", false, true, true},
		{"10.1.2.3", false, true, true},
		{"192.168.7.7", false, true, true},
		{"100.64.1.1", false, true, true},
		{"fd12:3456::1", false, true, true},
		{"169.254.169.254", false, false, true},
		{"169.254.10.10", false, false, true},
		{"fe80::1", false, false, true},
		{"fe80::1%eth0", false, false, true},
		{"fd00:ec2::254", false, false, true},
		{"100.100.100.200", false, false, true},
		{"168.63.129.16", false, false, true},
		{"::ffff:169.254.169.254", false, false, true},
		{"64:ff9b::a9fe:a9fe", false, false, true}, // 169.254.169.254 through NAT64
		{"0.0.0.0", false, false, false},
		{"::", false, false, false},
		{"0.1.2.3", false, false, false},
		{"224.0.0.1", false, false, false},
		{"255.255.255.255", false, false, false},
	}
	for _, tt := range tests {
		ip := netip.MustParseAddr(tt.ip)
		for _, c := range []struct {
			g    notify.Guard
			want bool
			name string
		}{{strict, tt.strict, "strict"}, {private, tt.private, "private"}, {admin, tt.admin, "admin"}} {
			err := c.g.Check(ip)
			if (err == nil) != c.want {
				t.Errorf("%s guard, %s: Check = %v, want allowed %v", c.name, tt.ip, err, c.want)
			}
			if err != nil && !errors.Is(err, notify.ErrRefused) {
				t.Errorf("%s guard, %s: %v is not ErrRefused", c.name, tt.ip, err)
			}
		}
	}
}

func TestGuardRefusesMetadataBeforeAnyPacket(t *testing.T) {
	// The Control function runs before connect, so this fails at once and
	// without a network: no packet ever leaves for the metadata service.
	d := notify.Guard{AllowPrivate: true}.Dialer(5 * time.Second)
	_, err := d.DialContext(context.Background(), "tcp", "169.254.169.254:80")
	if !errors.Is(err, notify.ErrRefused) {
		t.Fatalf("dial metadata: %v, want ErrRefused", err)
	}
	if !strings.Contains(err.Error(), "metadata") {
		t.Errorf("error %q does not say why", err)
	}
}

func TestGuardChecksTheResolvedAddress(t *testing.T) {
	// "localhost" passes no IP check by its looks; the guard sees the
	// 127.0.0.1 it resolves to, as it would see a rebound DNS answer.
	srv := answer(t, status(200, nil, ""))
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	resp, err := post(t, notify.Guard{}.Client(5*time.Second), "http://localhost"+port+"/hook")
	if !errors.Is(err, notify.ErrRefused) {
		t.Fatalf("strict guard reached localhost: %v, %v", resp, err)
	}
	resp, err = post(t, loopback.Client(5*time.Second), "http://localhost"+port+"/hook")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("guard allowing private addresses: %v, %v", resp, err)
	}
}
