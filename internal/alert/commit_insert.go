package alert

import (
	"context"
	"encoding/json"
	"strings"

	"sitrep/internal/store"
)

// insertRows bounds one INSERT: ten parameters a row stay far below both
// databases' limits on parameters.
const insertRows = 500

// staged is a new alert waiting for the batch's INSERT, with the group it
// joins (nil for one that arrives resolved).
type staged struct {
	a Alert
	g *group
}

// stage picks the group of an alert seen for the first time; insertStaged
// stores it. One that arrives already resolved is kept for history but joins
// no group: there is nothing to page.
func (s *Service) stage(ctx context.Context, tx *store.Tx, b *batch, a Alert) error {
	st := staged{a: a}
	if a.Status == Firing {
		var err error
		if st.g, err = s.groupFor(ctx, tx, b, a); err != nil {
			return err
		}
	}
	b.staged = append(b.staged, st)
	return nil
}

// insertStaged stores the batch's new alerts with one statement per
// insertRows, and counts those it stored in their groups. One that another
// PostgreSQL instance stored a moment ago is skipped: that instance counted
// it, so this batch must not.
func (s *Service) insertStaged(ctx context.Context, tx *store.Tx, b *batch) error {
	for lo := 0; lo < len(b.staged); lo += insertRows {
		chunk := b.staged[lo:min(lo+insertRows, len(b.staged))]
		stored, err := s.insertChunk(ctx, tx, b, chunk)
		if err != nil {
			return err
		}
		for _, st := range chunk {
			if st.g == nil || !stored[st.a.Fingerprint] {
				continue
			}
			st.g.delta++
			st.g.note(st.a)
			b.result.New++
		}
	}
	return b.dropEmpty(ctx, tx)
}

func (s *Service) insertChunk(ctx context.Context, tx *store.Tx, b *batch, chunk []staged) (map[string]bool, error) {
	var q strings.Builder
	q.WriteString(`INSERT INTO alerts (fingerprint, labels, annotations, status, starts_at, ends_at, last_seen_at, created_at, group_id, source) VALUES `)
	args := make([]any, 0, 10*len(chunk))
	now := store.Micros(b.now)
	for i, st := range chunk {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		a := st.a
		var gid, ends any
		if st.g != nil {
			gid = st.g.id
		} else {
			ends = store.Micros(endOf(a, b.now))
		}
		labels, _ := json.Marshal(nonNil(a.Labels))
		ann, _ := json.Marshal(nonNil(a.Annotations))
		args = append(args, a.Fingerprint, string(labels), string(ann), string(a.Status), store.Micros(startOf(a, b.now)), ends,
			now, now, gid, a.Source)
	}
	q.WriteString(` ON CONFLICT (fingerprint) DO NOTHING RETURNING fingerprint`)
	rows, err := tx.Query(ctx, q.String(), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	stored := make(map[string]bool, len(chunk))
	for rows.Next() {
		var fp string
		if err := rows.Scan(&fp); err != nil {
			return nil, err
		}
		stored[fp] = true
	}
	return stored, rows.Err()
}

// dropEmpty deletes the groups this batch opened for alerts that another
// PostgreSQL instance stored first, in another group: no alert points at
// them, and an open group of none would never resolve.
func (b *batch) dropEmpty(ctx context.Context, tx *store.Tx) error {
	for id, g := range b.byID {
		if !g.created || g.delta != 0 {
			continue
		}
		if _, err := tx.Exec(ctx, `DELETE FROM alert_groups WHERE id = ?`, id); err != nil {
			return err
		}
		delete(b.byID, id)
		delete(b.byKey, g.key)
	}
	return nil
}
