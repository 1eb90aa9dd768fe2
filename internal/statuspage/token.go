package statuspage

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strconv"
	"strings"
)

// Link purposes: a confirmation link cannot be used to unsubscribe, nor the
// other way round.
const (
	purposeConfirm     = "confirm"
	purposeUnsubscribe = "unsubscribe"
)

// token signs subscriber id for purpose. The address is inside the MAC, so
// a link stops working if the row is ever reused for someone else.
func (s *Service) token(purpose string, id int64, address string) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(id))
	return base64.RawURLEncoding.EncodeToString(b[:]) + "." + base64.RawURLEncoding.EncodeToString(s.mac(purpose, id, address))
}

func (s *Service) mac(purpose string, id int64, address string) []byte {
	h := hmac.New(sha256.New, s.secret)
	h.Write([]byte(purpose + "\x00" + strconv.FormatInt(id, 10) + "\x00" + address))
	return h.Sum(nil)[:18]
}

// tokenID reads the subscriber id of a token without trusting it; check
// verifies it once the address is known.
func tokenID(tok string) (int64, []byte, bool) {
	idPart, macPart, ok := strings.Cut(tok, ".")
	if !ok || len(tok) > 100 {
		return 0, nil, false
	}
	b, err := base64.RawURLEncoding.DecodeString(idPart)
	if err != nil || len(b) != 8 {
		return 0, nil, false
	}
	mac, err := base64.RawURLEncoding.DecodeString(macPart)
	if err != nil {
		return 0, nil, false
	}
	id := int64(binary.BigEndian.Uint64(b))
	return id, mac, id > 0
}

func (s *Service) checkToken(purpose string, id int64, address string, mac []byte) bool {
	return len(s.secret) > 0 && hmac.Equal(mac, s.mac(purpose, id, address))
}
