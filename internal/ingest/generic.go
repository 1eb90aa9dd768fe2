package ingest

import (
	"bytes"
	"fmt"

	"sitrep/internal/alert"
)

// event is one alert of the generic JSON endpoint, for senders that speak no
// monitoring format: a dedup_key names the alert across its firing and
// resolving, labels group it.
type event struct {
	DedupKey    string            `json:"dedup_key"`
	Status      string            `json:"status"`
	Summary     string            `json:"summary"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
}

// Generic parses the body of POST /api/v1/alerts: one event object, or an
// array of them.
func Generic(body []byte) ([]alert.Alert, error) {
	var in []event
	if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		var one event
		if err := decode(body, &one); err != nil {
			return nil, err
		}
		in = []event{one}
	} else if err := decode(body, &in); err != nil {
		return nil, err
	}
	out := make([]alert.Alert, len(in))
	for i, e := range in {
		st, err := status(e.Status, "alerts[%d].status", i)
		if err != nil {
			return nil, err
		}
		a := alert.Alert{Labels: e.Labels, Annotations: e.Annotations, Status: st, DedupKey: e.DedupKey, Source: "generic"}
		if e.Summary != "" {
			a.Annotations = withAnnotation(a.Annotations, "summary", e.Summary)
		}
		out[i] = a
	}
	return out, nil
}

func fmtField(field string, i int) string { return fmt.Sprintf(field, i) }
