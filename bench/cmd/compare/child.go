package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"time"
)

// request is one command from the parent to a child, one JSON line each.
type request struct {
	Op      string `json:"op"`                // "exec", "run", "profile_start", "profile_stop", "reset_rss", "quit"
	SQL     string `json:"sql,omitempty"`     // for exec and run
	Collect bool   `json:"collect,omitempty"` // run: return the rendered result
	Path    string `json:"path,omitempty"`    // profile_start: output file
}

// response is a child's answer to one request.
type response struct {
	Err    string     `json:"err,omitempty"`
	MS     float64    `json:"ms,omitempty"`
	CPUMS  float64    `json:"cpu_ms,omitempty"` // CPU time of the engine process during the run
	PeakKB int64      `json:"peak_kb,omitempty"`
	Cols   []string   `json:"cols,omitempty"`
	Rows   [][]rvalue `json:"rows,omitempty"`
	NRows  int        `json:"nrows"`
}

// childMain serves requests on stdin for one engine until EOF or "quit".
func childMain(engine string, threads int, timeout time.Duration) error {
	db, err := openEngine(engine)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	if threads > 0 {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("SET threads = %d", threads)); err != nil {
			return fmt.Errorf("SET threads: %w", err)
		}
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := json.NewEncoder(os.Stdout)
	var prof *os.File
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			return fmt.Errorf("bad request: %w", err)
		}
		var resp response
		switch req.Op {
		case "quit":
			return nil
		case "exec":
			if _, err := conn.ExecContext(ctx, req.SQL); err != nil {
				resp.Err = err.Error()
			}
		case "reset_rss":
			// Return garbage to the OS first so a query's peak is not
			// inflated by the previous query's heap, then reset VmHWM.
			runtime.GC()
			debug.FreeOSMemory()
			resetPeakRSS()
		case "run":
			resp = runQuery(ctx, conn, req.SQL, req.Collect, timeout)
			resp.PeakKB = peakRSSKB()
		case "profile_start":
			f, err := os.Create(req.Path)
			if err == nil {
				err = pprof.StartCPUProfile(f)
			}
			if err != nil {
				resp.Err = err.Error()
			} else {
				prof = f
			}
		case "profile_stop":
			if prof != nil {
				pprof.StopCPUProfile()
				if err := prof.Close(); err != nil {
					resp.Err = err.Error()
				}
				prof = nil
			}
		default:
			resp.Err = fmt.Sprintf("unknown op %q", req.Op)
		}
		if err := out.Encode(&resp); err != nil {
			return err
		}
	}
	return in.Err()
}

// runQuery runs sql once, reading every row, and times it. With collect
// it also returns the rendered rows (rendering is not timed).
func runQuery(ctx context.Context, conn *sql.Conn, query string, collect bool, timeout time.Duration) (resp response) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	defer func() {
		// A panic in a driver must not take the harness down.
		if r := recover(); r != nil {
			resp = response{Err: fmt.Sprintf("panic: %v", r)}
		}
	}()
	start := time.Now()
	cpu0, cpuOK := processCPU()
	rows, err := conn.QueryContext(ctx, query)
	if err != nil {
		return response{Err: err.Error()}
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return response{Err: err.Error()}
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var out [][]rvalue
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return response{Err: err.Error()}
		}
		n++
		if collect {
			row := make([]rvalue, len(vals))
			for i, v := range vals {
				row[i] = render(v)
			}
			out = append(out, row)
		}
	}
	if err := rows.Err(); err != nil {
		return response{Err: err.Error()}
	}
	if err := rows.Close(); err != nil {
		return response{Err: err.Error()}
	}
	elapsed := time.Since(start)
	resp = response{MS: float64(elapsed.Nanoseconds()) / 1e6, NRows: n}
	if cpu1, ok := processCPU(); ok && cpuOK {
		resp.CPUMS = float64((cpu1 - cpu0).Nanoseconds()) / 1e6
	}
	if collect {
		resp.Cols, resp.Rows = cols, out
	}
	return resp
}
