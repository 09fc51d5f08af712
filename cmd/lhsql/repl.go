package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"sync"

	"golang.org/x/term"
)

// Prompts of the interactive shell.
const (
	promptMain = "D "
	promptCont = "‣ "
)

// errInterrupt is returned by a lineReader when the user pressed Ctrl-C.
var errInterrupt = errors.New("interrupt")

// lineReader reads one line of input after showing prompt.
type lineReader interface {
	ReadLine(prompt string) (string, error)
}

// repl reads lines from lr until end of input or .quit, running
// statements as they complete. Errors are printed and the loop goes on.
// Ctrl-C (errInterrupt) discards the statement being typed.
func (s *shell) repl(ctx context.Context, lr lineReader) error {
	for {
		prompt := promptMain
		if s.hasPending() {
			prompt = promptCont
		}
		line, err := lr.ReadLine(prompt)
		if ws, ok := lr.(interface{ width() int }); ok {
			s.width = ws.width()
		}
		switch {
		case err == errInterrupt:
			s.clearPending()
			continue
		case err == io.EOF:
			return nil
		case err != nil:
			return err
		}
		if err := s.feedLine(ctx, line); err != nil {
			if err == errQuit {
				return nil
			}
			s.printError(err)
		}
	}
}

// termReader reads lines from a terminal with line editing and history,
// putting the terminal in raw mode only while a line is being read (so
// that Ctrl-C during a query raises SIGINT).
type termReader struct {
	fd   int
	in   *interruptReader
	t    *term.Terminal
	hist *history
}

func newTermReader(in *os.File, out io.Writer, hist *history) *termReader {
	ir := &interruptReader{r: in}
	return &termReader{fd: int(in.Fd()), in: ir, t: newTerminalFor(ir, out, hist), hist: hist}
}

// newTerminalFor returns a line editor reading keys from in and echoing to
// out, with history hist (nil = in-memory only).
func newTerminalFor(in io.Reader, out io.Writer, hist *history) *term.Terminal {
	t := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{in, out}, promptMain)
	if hist != nil {
		t.History = hist
	}
	return t
}

// ReadLine reads a line; Ctrl-C returns errInterrupt, Ctrl-D on an empty
// line io.EOF.
func (r *termReader) ReadLine(prompt string) (string, error) {
	old, err := term.MakeRaw(r.fd)
	if err != nil {
		return "", err
	}
	defer term.Restore(r.fd, old)
	if w, h, err := term.GetSize(r.fd); err == nil {
		r.t.SetSize(w, h)
	}
	r.t.SetPrompt(prompt)
	return r.readLine()
}

// width returns the terminal's width (0 if unknown).
func (r *termReader) width() int {
	w, _, err := term.GetSize(r.fd)
	if err != nil {
		return 0
	}
	return w
}

// readLine reads from the Terminal, translating the interrupt marker.
func (r *termReader) readLine() (string, error) {
	line, err := r.t.ReadLine()
	if err == term.ErrPasteIndicator {
		err = nil
	}
	if line == "" && r.in.takeInterrupt() {
		return "", errInterrupt
	}
	return line, err
}

// interruptReader rewrites Ctrl-C (which term.Terminal reports as io.EOF,
// like Ctrl-D, leaving the line in place) into "end of line, erase line,
// enter", so that the Terminal returns an empty line, and counts the
// interrupts for takeInterrupt.
type interruptReader struct {
	r          io.Reader
	buf        []byte
	interrupts int
}

func (ir *interruptReader) Read(p []byte) (int, error) {
	if len(ir.buf) == 0 {
		var tmp [256]byte
		n, err := ir.r.Read(tmp[:])
		for _, c := range tmp[:n] {
			if c == 3 {
				ir.buf = append(ir.buf, 5, 21, '\r') // ^E ^U Enter
				ir.interrupts++
				continue
			}
			ir.buf = append(ir.buf, c)
		}
		if len(ir.buf) == 0 {
			return 0, err
		}
	}
	n := copy(p, ir.buf)
	ir.buf = ir.buf[n:]
	return n, nil
}

func (ir *interruptReader) takeInterrupt() bool {
	if ir.interrupts == 0 {
		return false
	}
	ir.interrupts--
	return true
}

// historyLimit bounds the history kept in memory and on disk.
const historyLimit = 2000

// history implements term.History, appending every entry to a file.
type history struct {
	mu      sync.Mutex
	entries []string // oldest first
	path    string   // "" = not persisted
}

// loadHistory reads the history file at path (which may not exist yet).
func loadHistory(path string) *history {
	h := &history{path: path}
	if path == "" {
		return h
	}
	f, err := os.Open(path)
	if err != nil {
		return h
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		if line := sc.Text(); strings.TrimSpace(line) != "" {
			h.entries = append(h.entries, line)
		}
	}
	if len(h.entries) > 2*historyLimit {
		// Keep the file from growing without bound.
		h.entries = h.entries[len(h.entries)-historyLimit:]
		os.WriteFile(path, []byte(strings.Join(h.entries, "\n")+"\n"), 0o600)
	}
	if len(h.entries) > historyLimit {
		h.entries = h.entries[len(h.entries)-historyLimit:]
	}
	return h
}

// Add records a line, skipping blank lines and repeats of the last one.
func (h *history) Add(entry string) {
	if strings.TrimSpace(entry) == "" {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if n := len(h.entries); n > 0 && h.entries[n-1] == entry {
		return
	}
	h.entries = append(h.entries, entry)
	if len(h.entries) > historyLimit {
		h.entries = h.entries[len(h.entries)-historyLimit:]
	}
	if h.path == "" {
		return
	}
	f, err := os.OpenFile(h.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return // history is a convenience; never fail the shell over it
	}
	f.WriteString(entry + "\n")
	f.Close()
}

// Len returns the number of entries.
func (h *history) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.entries)
}

// At returns an entry; 0 is the most recent.
func (h *history) At(i int) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.entries[len(h.entries)-1-i]
}
