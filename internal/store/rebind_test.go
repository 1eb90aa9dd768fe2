package store_test

import (
	"strconv"
	"strings"
	"testing"

	"sitrep/internal/store"
)

func TestRebind(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"no placeholders", `SELECT 1`, `SELECT 1`},
		{"in order", `UPDATE incidents SET title = ?, summary = ? WHERE number = ?`, `UPDATE incidents SET title = $1, summary = $2 WHERE number = $3`},
		{"ten and more", strings.Repeat("?,", 10) + "?", "$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11"},
		{"quoted question mark", `SELECT '?' , ?`, `SELECT '?' , $1`},
		{"escaped quote inside literal", `SELECT 'it''s ?', ?`, `SELECT 'it''s ?', $1`},
		{"literal between placeholders", `WHERE a = ? AND b = 'eu1?' AND c = ?`, `WHERE a = $1 AND b = 'eu1?' AND c = $2`},
		{"unterminated literal", `SELECT ?, 'oops ?`, `SELECT $1, 'oops ?`},
		{"dollar already there", `SELECT $1`, `SELECT $1`},
		{"empty", ``, ``},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := store.Rebind(c.in); got != c.want {
				t.Fatalf("Rebind(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

func TestPlaceholders(t *testing.T) {
	for n, want := range map[int]string{-1: "", 0: "", 1: "?", 3: "?,?,?"} {
		if got := store.Placeholders(n); got != want {
			t.Errorf("Placeholders(%d) = %q, want %q", n, got, want)
		}
	}
}

// outside counts the ? outside single-quoted literals: the placeholders.
func outside(q string) int {
	n, quoted := 0, false
	for i := 0; i < len(q); i++ {
		switch q[i] {
		case '\'':
			quoted = !quoted
		case '?':
			if !quoted {
				n++
			}
		}
	}
	return n
}

// Queries are ours, not users', but Rebind sits under every statement on
// PostgreSQL: it must never panic and must number exactly the placeholders.
func FuzzRebind(f *testing.F) {
	for _, s := range []string{"", "?", "'?'", "SELECT ? FROM t WHERE a = '?' AND b = ?", "'", "''?''", "??", "$1 ?", "é?'ü?'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got := store.Rebind(q)
		n := outside(q)
		if outside(got) != 0 {
			t.Fatalf("Rebind(%q) = %q leaves a placeholder", q, got)
		}
		if strings.Count(got, "?") != strings.Count(q, "?")-n {
			t.Fatalf("Rebind(%q) = %q changed a quoted ?", q, got)
		}
		grow := 0
		for i := 1; i <= n; i++ {
			grow += len(strconv.Itoa(i))
		}
		if len(got) != len(q)+grow {
			t.Fatalf("Rebind(%q) = %q: %d placeholders should add %d bytes", q, got, n, grow)
		}
		if n > 0 && !strings.Contains(got, "$"+strconv.Itoa(n)) {
			t.Fatalf("Rebind(%q) = %q lacks $%d", q, got, n)
		}
		if again := store.Rebind(got); again != got {
			t.Fatalf("Rebind is not stable on its own output %q: %q", got, again)
		}
	})
}
