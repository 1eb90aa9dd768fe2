package auth_test

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"

	"sitrep/internal/auth"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	const pw = "correct horse battery staple"
	h1, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	h2, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if h1 == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	if !strings.HasPrefix(h1, "$argon2id$v=19$m=65536,t=3,p=2$") || strings.Contains(h1, pw) {
		t.Fatalf("hash %q is not an argon2id PHC string", h1)
	}
	if !auth.VerifyPassword(h1, pw) {
		t.Fatal("the right password does not verify")
	}
	if auth.VerifyPassword(h1, pw+" ") {
		t.Fatal("a wrong password verifies")
	}
}

// tinyHash encodes password with parameters cheap enough for fuzzing.
func tinyHash(password string) string {
	salt := []byte("eu1-salt-16bytes")
	key := argon2.IDKey([]byte(password), salt, 1, 8, 1, 16)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=19$m=8,t=1,p=1$%s$%s", b64.EncodeToString(salt), b64.EncodeToString(key))
}

func TestVerifyPasswordRefusesDamagedHashes(t *testing.T) {
	good := tinyHash("laura's password")
	if !auth.VerifyPassword(good, "laura's password") {
		t.Fatal("hash with other parameters does not verify: parameters must be read from the string")
	}
	for _, bad := range []string{
		"",
		"plaintext",
		strings.Replace(good, "argon2id", "argon2i", 1),
		strings.Replace(good, "v=19", "v=16", 1),
		strings.Replace(good, "t=1", "t=0", 1),
		strings.Replace(good, "p=1", "p=0", 1),
		strings.Replace(good, "m=8", "m=0", 1),
		strings.Replace(good, "m=8", "m=99999999", 1),
		good[:strings.LastIndex(good, "$")+1],
		good + "$extra",
		good[:len(good)-2] + "!!",
	} {
		if auth.VerifyPassword(bad, "laura's password") {
			t.Errorf("damaged hash %q verifies", bad)
		}
	}
}

// Stored hashes come from the database, which an attacker with a backup may
// have edited: VerifyPassword must refuse nonsense, never panic.
func FuzzVerifyPassword(f *testing.F) {
	f.Add(tinyHash("hunter22hunter22"), "hunter22hunter22")
	f.Add(tinyHash("hunter22hunter22"), "wrong")
	f.Add("$argon2id$v=19$m=8,t=1,p=255$AAAA$AAAA", "")
	f.Add("$argon2id$v=19$m=,t=,p=$$", "x")
	f.Add("$$$$$", "")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$$", "")
	f.Fuzz(func(t *testing.T, encoded, password string) {
		// Skip costs a real hash could legitimately carry but that would make
		// the fuzzer crawl (up to 1 GiB and 16 passes); parsing is what is
		// being fuzzed, not argon2.
		if parts := strings.Split(encoded, "$"); len(parts) == 6 {
			var m, passes uint32
			var p uint8
			_, _ = fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &passes, &p)
			if uint64(m)*uint64(passes) > 1<<14 {
				t.Skip("too costly to fuzz")
			}
		}
		if auth.VerifyPassword(encoded, password) && !strings.HasPrefix(encoded, "$argon2id$v=19$") {
			t.Fatalf("%q verified but is not an argon2id v19 hash", encoded)
		}
	})
}
