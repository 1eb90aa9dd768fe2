package web

import "context"

// stateRegion is the state document's live region: the whole document, as
// every reader sees it. It is served like the incident page's regions
// (live.go): one room per watched incident renders it once per change.
const stateRegion = "region-state"

// stateRegion renders incident n's state document region.
func (p *docPages) stateRegion(ctx context.Context, n int64) (int64, [][]byte, error) {
	html, doc, err := p.region(ctx, n)
	if err != nil {
		return 0, nil, err
	}
	return doc.Seq, [][]byte{html}, nil
}
