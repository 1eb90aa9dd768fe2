package notify

import "net/netip"

// addrClass sorts addresses by what the Guard makes of them.
type addrClass int

const (
	classOK addrClass = iota
	classPrivate
	classLinkLocal
	classMetadata
	classUnusable
)

func (c addrClass) reason() string {
	switch c {
	case classPrivate:
		return "loopback or private network address (an admin can allow private addresses)"
	case classLinkLocal:
		return "link-local address (169.254.0.0/16 or fe80::/10)"
	case classMetadata:
		return "cloud metadata service address"
	case classUnusable:
		return "unspecified, multicast or broadcast address"
	}
	return "allowed"
}

var (
	sharedV4 = netip.MustParsePrefix("100.64.0.0/10") // carrier-grade NAT, RFC 6598
	thisNet  = netip.MustParsePrefix("0.0.0.0/8")     // "this network", RFC 1122
	siteV6   = netip.MustParsePrefix("fec0::/10")     // deprecated site-local
	nat64    = netip.MustParsePrefix("64:ff9b::/96")  // IPv4 embedded for NAT64, RFC 6052
)

func classify(ip netip.Addr) addrClass {
	ip = ip.Unmap().WithZone("")
	if !ip.IsValid() {
		return classUnusable
	}
	// An IPv6 address that embeds an IPv4 one reaches that IPv4 address
	// through a NAT64 gateway, so it is what the embedded address is.
	if nat64.Contains(ip) {
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	switch {
	case isMetadata(ip):
		return classMetadata
	case ip.IsUnspecified(), thisNet.Contains(ip), ip.IsMulticast(),
		ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return classUnusable
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return classLinkLocal
	case ip.IsLoopback(), ip.IsPrivate(), sharedV4.Contains(ip), siteV6.Contains(ip):
		return classPrivate
	}
	return classOK
}

// isMetadata reports the well-known addresses of cloud metadata services.
// Most sit in link-local space, but not all: AWS's IPv6 endpoint is a unique
// local address, Alibaba's is in shared space, and Azure's WireServer and
// Oracle's are ordinary-looking addresses that only the host answers.
func isMetadata(ip netip.Addr) bool {
	switch ip.String() {
	case "169.254.169.254", // AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle
		"169.254.170.2",   // AWS ECS task metadata
		"fd00:ec2::254",   // AWS IMDS over IPv6
		"100.100.100.200", // Alibaba Cloud
		"168.63.129.16",   // Azure WireServer
		"192.0.0.192":     // Oracle Cloud
		return true
	}
	return false
}
