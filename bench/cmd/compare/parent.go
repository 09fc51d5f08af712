package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"
)

// child is a running engine process.
type child struct {
	engine string
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	dec    *json.Decoder
	stderr *tailBuffer
	limit  time.Duration
}

// tailBuffer keeps the last bytes written to it (a child's stderr).
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 4096 {
		t.buf = t.buf[len(t.buf)-4096:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// startChild starts this binary as the child of engine and runs setup.
func startChild(ctx context.Context, engine string, o options, setup []string) (*child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe, "-child="+engine,
		"-threads="+strconv.Itoa(o.threads), "-timeout="+o.timeout.String())
	if _, level := splitEngine(engine); level != "" {
		cmd.Env = append(os.Environ(), "LHSQL_SIMD="+level)
	}
	c := &child{engine: engine, cmd: cmd, stderr: &tailBuffer{}, limit: o.timeout + time.Minute}
	cmd.Stderr = io.MultiWriter(c.stderr)
	if c.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	c.dec = json.NewDecoder(bufio.NewReaderSize(stdout, 1<<20))
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s child: %w", engine, err)
	}
	for _, s := range setup {
		resp, err := c.call(request{Op: "exec", SQL: s})
		if err == nil && resp.Err != "" {
			err = fmt.Errorf("%s", resp.Err)
		}
		if err != nil {
			c.kill()
			return nil, fmt.Errorf("%s: %s: %w", engine, s, err)
		}
	}
	return c, nil
}

// call sends one request and waits for the answer; a child that does not
// answer within its limit is killed.
func (c *child) call(req request) (response, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return response{}, err
	}
	if _, err := c.stdin.Write(append(b, '\n')); err != nil {
		return response{}, c.died(err)
	}
	type result struct {
		resp response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		r.err = c.dec.Decode(&r.resp)
		done <- r
	}()
	select {
	case r := <-done:
		if r.err != nil {
			return response{}, c.died(r.err)
		}
		return r.resp, nil
	case <-time.After(c.limit):
		c.kill()
		<-done
		return response{}, fmt.Errorf("%s child did not answer within %v; killed", c.engine, c.limit)
	}
}

func (c *child) died(err error) error {
	c.kill()
	tail := c.stderr.String()
	if len(tail) > 1500 {
		tail = tail[len(tail)-1500:]
	}
	return fmt.Errorf("%s child died (%v): %s", c.engine, err, tail)
}

func (c *child) kill() {
	if c.cmd.Process != nil {
		c.cmd.Process.Kill()
	}
	c.cmd.Wait()
}

func (c *child) close() {
	if _, err := c.call(request{Op: "quit"}); err == nil {
		c.stdin.Close()
		c.cmd.Wait()
		return
	}
	c.kill()
}

// runQueries runs every query on every engine: a warm-up run whose result
// is compared, then o.runs timed runs alternating between the engines.
func runQueries(ctx context.Context, o options, setup []string, qs []query, rep *report) error {
	children := map[string]*child{}
	defer func() {
		for _, c := range children {
			c.close()
		}
	}()
	get := func(e string) (*child, error) {
		if c := children[e]; c != nil {
			return c, nil
		}
		c, err := startChild(ctx, e, o, setup)
		if err != nil {
			return nil, err
		}
		children[e] = c
		return c, nil
	}
	// call runs one request on engine e; a dead child is dropped so the
	// next query starts a fresh one.
	call := func(e string, req request) (response, error) {
		c, err := get(e)
		if err != nil {
			return response{}, err
		}
		resp, err := c.call(req)
		if err != nil {
			delete(children, e)
		}
		return resp, err
	}
	for _, q := range qs {
		if err := ctx.Err(); err != nil {
			return err
		}
		qr := &queryResult{Name: q.Name, SQL: q.SQL, Engines: map[string]*engineResult{}}
		warm := map[string]response{}
		for _, e := range o.engines {
			er := &engineResult{}
			qr.Engines[e] = er
			if _, err := call(e, request{Op: "reset_rss"}); err != nil {
				er.Err = err.Error()
				continue
			}
			resp, err := call(e, request{Op: "run", SQL: q.SQL, Collect: true})
			if err == nil && resp.Err != "" {
				err = fmt.Errorf("%s", resp.Err)
			}
			if err != nil {
				er.Err = err.Error()
				continue
			}
			er.Rows = resp.NRows
			er.PeakMB = float64(resp.PeakKB) / 1024
			warm[e] = resp
		}
		ea, eb, pair := ratioPair(o.engines)
		if a, ok := warm[ea]; ok && pair {
			if b, ok := warm[eb]; ok {
				_, qr.Agree = compareResults(a, b)
			}
		}
		profiling := map[string]bool{}
		if pe := firstLhsql(o.engines); o.cpuprofile != "" && pe != "" && qr.Engines[pe].Err == "" {
			path := filepath.Join(o.cpuprofile, q.Name+".pprof")
			if resp, err := call(pe, request{Op: "profile_start", Path: path}); err == nil && resp.Err == "" {
				profiling[pe] = true
			}
		}
		for r := 0; r < o.runs; r++ {
			order := slices.Clone(o.engines)
			if r%2 == 1 {
				slices.Reverse(order)
			}
			for _, e := range order {
				er := qr.Engines[e]
				if er.Err != "" {
					continue
				}
				resp, err := call(e, request{Op: "run", SQL: q.SQL})
				if err == nil && resp.Err != "" {
					err = fmt.Errorf("%s", resp.Err)
				}
				if err != nil {
					er.Err = err.Error()
					continue
				}
				er.RunsMS = append(er.RunsMS, resp.MS)
				if resp.CPUMS > 0 {
					er.CPURunsMS = append(er.CPURunsMS, resp.CPUMS)
				}
				er.PeakMB = max(er.PeakMB, float64(resp.PeakKB)/1024)
			}
		}
		for e := range profiling {
			call(e, request{Op: "profile_stop"})
		}
		qr.finish(o.engines)
		rep.Queries = append(rep.Queries, qr)
		fmt.Fprintln(os.Stderr, qr.progressLine(o.engines))
	}
	return nil
}
