package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenTPCH(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	code := genRun(context.Background(), []string{"tpch", "--sf", "0.001", "--out", dir}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, table := range []string{"nation", "region", "supplier", "customer", "part", "partsupp", "orders", "lineitem"} {
		st, err := os.Stat(filepath.Join(dir, table+".parquet"))
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() < 100 {
			t.Errorf("%s.parquet: only %d bytes", table, st.Size())
		}
	}
	if !strings.Contains(stdout.String(), "sf=0.001") {
		t.Errorf("stdout %q", stdout.String())
	}
}

func TestGenErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{nil, 2, "usage"},
		{[]string{"tpcds"}, 2, "usage"},
		{[]string{"tpch"}, 2, "usage"},
		{[]string{"tpch", "--sf", "x", "--out", "d"}, 2, "invalid value"},
		{[]string{"tpch", "--sf", "-1", "--out", t.TempDir()}, 1, "scale factor"},
		{[]string{"tpch", "--out", t.TempDir(), "extra"}, 2, "usage"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := genRun(context.Background(), tt.args, &stdout, &stderr)
		if code != tt.code || !strings.Contains(stderr.String(), tt.msg) {
			t.Errorf("gen %q: exit %d, stderr %q; want exit %d and %q", tt.args, code, stderr.String(), tt.code, tt.msg)
		}
	}
}
