package client

import (
	"context"
	"net/http"
	"net/url"
)

// AgentProbes returns the probes the remote vantage point called name runs.
func (c *Client) AgentProbes(ctx context.Context, name string) ([]Probe, error) {
	var out struct {
		Probes []Probe `json:"probes"`
	}
	err := c.do(ctx, http.MethodGet, "/api/v1/agents/"+url.PathEscape(name)+"/probes", nil, nil, &out)
	return out.Probes, err
}

// ReportResults sends a batch of check results from the vantage point
// called name and returns how many the server kept.
func (c *Client) ReportResults(ctx context.Context, name string, rs []ProbeResult) (int, error) {
	in := struct {
		Results []ProbeResult `json:"results"`
	}{make([]ProbeResult, len(rs))}
	for i, r := range rs {
		r.Vantage = "" // the path names it
		in.Results[i] = r
	}
	var out struct {
		Stored int `json:"stored"`
	}
	err := c.do(ctx, http.MethodPost, "/api/v1/agents/"+url.PathEscape(name)+"/results", nil, in, &out)
	return out.Stored, err
}
