package config_test

import (
	"strings"
	"testing"
)

// The status page is off unless an operator names its address; a typo in
// that address fails at start, not when the first customer looks.
func TestPublicListenIsOffByDefaultAndValidated(t *testing.T) {
	c, err := load(t, nil, nil)
	if err != nil || c.PublicListen != "" {
		t.Fatalf("default public listen %q, %v; want off", c.PublicListen, err)
	}
	c, err = load(t, nil, map[string]string{"SITREP_PUBLIC_LISTEN": "0.0.0.0:8081"})
	if err != nil || c.PublicListen != "0.0.0.0:8081" {
		t.Errorf("public listen %q, %v; want the environment's 0.0.0.0:8081", c.PublicListen, err)
	}
	_, err = load(t, []string{"--public-listen", "8081"}, nil)
	if err == nil || !strings.Contains(err.Error(), "--public-listen (SITREP_PUBLIC_LISTEN)") {
		t.Errorf("bad address: %v, want an error naming --public-listen", err)
	}
}

// A typo in the grouping labels stops the start instead of grouping every
// alert into one.
func TestAlertGroupByNamesLabels(t *testing.T) {
	c, err := load(t, []string{"--alert-group-by", "alertname, region ,cluster", "--alert-policy", "node-health"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Alerts.GroupBy, ",") != "alertname,region,cluster" || c.Alerts.Policy != "node-health" {
		t.Fatalf("alerts config %+v", c.Alerts)
	}
	if _, err := load(t, []string{"--alert-group-by", "alertname,re-gion"}, nil); err == nil || !strings.Contains(err.Error(), "--alert-group-by") {
		t.Fatalf("bad label name: %v; want an error naming --alert-group-by", err)
	}
}
