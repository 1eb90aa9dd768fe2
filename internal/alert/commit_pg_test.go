package alert_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"sitrep/internal/alert"
	"sitrep/internal/event"
	"sitrep/internal/page"
	"sitrep/internal/store"
)

// Two sitrep instances on one PostgreSQL database take in the same new alert
// at the same moment, and decide differently where it goes: the first is in
// a storm, the second opens the alert's own group. The first stores the
// alert; the second finds it stored when it inserts, and must not leave the
// group it opened for it behind, open and empty, never to resolve.
func TestTwoInstancesStoringOneNewAlertLeaveNoEmptyGroup(t *testing.T) {
	first := newIntake(t, store.Postgres)
	first.alerts.StormThreshold = 0
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db2, err := store.Open(ctx, store.Config{URL: first.dom.DB.URL})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	pages2 := page.NewService(db2, event.NewLog(db2, first.dom.Hub, ""), first.dom.Clock, page.Deps{})
	second := alert.NewService(db2, pages2, first.dom.Clock)

	// The first instance's transaction stops right after its INSERT, on an
	// advisory lock the test holds, until the second one waits behind it.
	key := rand.Int32N(1 << 30)
	lock, err := sql.Open("pgx", first.dom.DB.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	conn, err := lock.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{
		fmt.Sprintf(`CREATE FUNCTION hold() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN PERFORM pg_advisory_xact_lock(%d); RETURN NULL; END $$`, key),
		`CREATE TRIGGER hold AFTER INSERT ON alerts FOR EACH ROW WHEN (NEW.source = 'hold') EXECUTE FUNCTION hold()`,
		fmt.Sprintf(`SELECT pg_advisory_lock(%d)`, key),
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}

	type answer struct {
		res alert.Result
		err error
	}
	held, other := firing("eu1", "n1"), firing("eu1", "n1")
	held.Source = "hold"
	firstDone, secondDone := make(chan answer, 1), make(chan answer, 1)
	go func() {
		res, err := first.alerts.Ingest(ctx, first.admin, []alert.Alert{held})
		firstDone <- answer{res, err}
	}()
	var pid int
	waitFor(ctx, t, conn, "the first instance to hold its insert",
		fmt.Sprintf(`SELECT COALESCE(MAX(pid), 0) FROM pg_locks WHERE locktype = 'advisory' AND objid = %d AND NOT granted`, key), &pid)
	go func() {
		res, err := second.Ingest(ctx, first.admin, []alert.Alert{other})
		secondDone <- answer{res, err}
	}()
	var blocked int
	waitFor(ctx, t, conn, "the second instance to wait for the first",
		fmt.Sprintf(`SELECT COUNT(*) FROM pg_stat_activity WHERE %d = ANY(pg_blocking_pids(pid))`, pid), &blocked)
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`SELECT pg_advisory_unlock(%d)`, key)); err != nil {
		t.Fatal(err)
	}

	a, b := <-firstDone, <-secondDone
	if a.err != nil || a.res.New != 1 || !a.res.Storm {
		t.Errorf("first instance: %+v, %v; want the alert stored, in the storm", a.res, a.err)
	}
	if b.err != nil || b.res.New != 0 || b.res.Accepted != 1 {
		t.Errorf("second instance: %+v, %v; want the alert accepted and not counted again", b.res, b.err)
	}
	if n := first.count(t, `SELECT COUNT(*) FROM alert_groups WHERE status = 'open' AND firing = 0`); n != 0 {
		t.Errorf("%d open groups without a firing alert", n)
	}
	if n := first.count(t, `SELECT COUNT(*) FROM alert_groups`); n != 1 {
		t.Errorf("%d groups, want the storm group only", n)
	}
}

// waitFor polls q on conn until it returns a non-zero number: PostgreSQL's
// lock tables are the only signal that another session is waiting.
func waitFor(ctx context.Context, t *testing.T, conn *sql.Conn, what, q string, out *int) {
	t.Helper()
	for {
		if err := conn.QueryRowContext(ctx, q).Scan(out); err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		if *out != 0 {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s: %v", what, ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
}
