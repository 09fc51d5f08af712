package slt

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Process isolation: a panic on an engine goroutine the runner does not
// own, or a query that exhausts memory, would end the whole run. With
// RunIsolated every file runs in a child process (the same program in
// child mode, see ServeChild); when a child dies, the file it was running
// counts as failed with the child's last words, and a new child carries on.

// ServeChild is the child side: it reads one test file path per line from
// in, runs it with r and writes its FileResult as one JSON line to out. If
// the heap grows beyond memLimit bytes (0: no limit) the process exits, so
// the parent charges the file with the failure. After a file whose query
// ignored its timeout, the child exits once the result is written, taking
// the runaway goroutine with it.
func ServeChild(r *Runner, in io.Reader, out io.Writer, memLimit uint64) error {
	if memLimit > 0 {
		go watchMemory(memLimit)
	}
	sc := bufio.NewScanner(in)
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	for sc.Scan() {
		path := sc.Text()
		if path == "" {
			continue
		}
		res := r.RunFile(path)
		if err := enc.Encode(&res); err != nil {
			return fmt.Errorf("slt child: writing result: %w", err)
		}
		if err := w.Flush(); err != nil {
			return fmt.Errorf("slt child: writing result: %w", err)
		}
		if res.Abandoned {
			return nil
		}
	}
	return sc.Err()
}

func watchMemory(limit uint64) {
	var ms runtime.MemStats
	for range time.Tick(500 * time.Millisecond) {
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc > limit {
			fmt.Fprintf(os.Stderr, "slt child: heap of %d MiB exceeds the limit of %d MiB\n", ms.HeapAlloc>>20, limit>>20)
			os.Exit(3)
		}
	}
}

// RunIsolated runs paths in child processes made by newChild (which must
// start the program in ServeChild mode), workers at a time, and returns
// the results in the order of paths.
func RunIsolated(paths []string, workers int, newChild func() *exec.Cmd) []FileResult {
	if workers <= 0 {
		workers = 2
	}
	results := make([]FileResult, len(paths))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c *child
			for i := range next {
				if c == nil {
					var err error
					if c, err = startChild(newChild()); err != nil {
						results[i] = crashed(paths[i], err.Error())
						continue
					}
				}
				res, err := c.run(paths[i])
				if err != nil {
					results[i] = crashed(paths[i], err.Error())
					c.stop()
					c = nil
					continue
				}
				results[i] = res
				if res.Abandoned {
					c.stop()
					c = nil
				}
			}
			if c != nil {
				c.stop()
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// crashed is the result of a file whose child process died: every record
// of the file counts as failed.
func crashed(path, why string) FileResult {
	n := 1
	if data, err := os.ReadFile(path); err == nil {
		if c := countRecords(parseScript(path, string(data)).cmds); c > 0 {
			n = c
		}
	}
	return FileResult{Path: path, Failed: n, Failures: []Failure{{
		Reason: "the test process died while running this file; all its records count as failed",
		Actual: strings.Split(strings.TrimRight(why, "\n"), "\n"),
		Panic:  true,
	}}}
}

type child struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr *tailBuffer
}

func startChild(cmd *exec.Cmd) (*child, error) {
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("starting the test process: %w", err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("starting the test process: %w", err)
	}
	tb := &tailBuffer{max: 16 << 10}
	cmd.Stderr = tb
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the test process: %w", err)
	}
	return &child{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 1<<20), stderr: tb}, nil
}

// run sends one path and reads its result; an error means the child died.
func (c *child) run(path string) (FileResult, error) {
	var res FileResult
	if _, err := io.WriteString(c.in, path+"\n"); err != nil {
		return res, c.death(err)
	}
	line, err := c.out.ReadBytes('\n')
	if err != nil {
		return res, c.death(err)
	}
	if err := json.Unmarshal(line, &res); err != nil {
		return res, fmt.Errorf("bad result from the test process: %v", err)
	}
	return res, nil
}

// death waits for a dead child and describes how it ended.
func (c *child) death(err error) error {
	c.in.Close()
	werr := c.cmd.Wait()
	if werr == nil {
		werr = err
	}
	return fmt.Errorf("%v\n%s", werr, c.stderr.String())
}

func (c *child) stop() {
	c.in.Close()
	done := make(chan struct{})
	go func() {
		c.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		c.cmd.Process.Kill()
		<-done
	}
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf bytes.Buffer
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Write(p)
	if over := t.buf.Len() - t.max; over > 0 {
		t.buf.Next(over)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.String()
}
