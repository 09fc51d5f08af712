// Command lhsql is the lhsql shell: it runs SQL given with -c, from files
// with -f, from standard input, or interactively, like DuckDB's CLI.
//
// Usage:
//
//	lhsql [DBPATH] [-c SQL] [-f FILE] [-box|-csv|-json|-jsonlines|-line|-list|-markdown] [-version]
//	lhsql gen ...
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	// Time zone names (SET TimeZone, strptime's %Z, TIMESTAMPTZ) resolve
	// in the single binary even where the system has no zoneinfo.
	_ "time/tzdata"

	"golang.org/x/term"

	lhsql "github.com/lhsql/lhsql/sql"
)

func main() {
	// Query execution allocates many short-lived vectors; a less eager GC
	// cut CPU time by a third on TPC-H Q1 in profiles. The program, not the
	// library, owns this choice; GOGC in the environment still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// version is set at link time with -ldflags "-X main.version=...".
var version = ""

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

const usage = `usage: lhsql [DBPATH] [OPTIONS] [SQL...]
       lhsql gen ...

Runs SQL from -c, -f, the remaining arguments or standard input; without
any and with a terminal on standard input, starts an interactive shell.
DBPATH defaults to an in-memory database.

options:
  -c SQL        run SQL and exit (may be repeated)
  -f FILE       run the SQL in FILE and exit (may be repeated)
  -box -csv -json -jsonlines -line -list -markdown
                output mode (default box)
  -version      print the version and exit
  -help         print this help and exit
`

// options are the parsed command line.
type options struct {
	dbPath  string
	mode    string
	scripts []script // -c, -f and extra arguments, in order
	version bool
	help    bool
}

// script is SQL text or a file to run.
type script struct {
	sql  string
	file string
}

func parseArgs(args []string) (options, error) {
	var o options
	seenPath := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			if !seenPath {
				o.dbPath, seenPath = a, true
			} else {
				o.scripts = append(o.scripts, script{sql: a})
			}
			continue
		}
		name := strings.TrimLeft(a, "-")
		value, hasValue := "", false
		if k, v, ok := strings.Cut(name, "="); ok {
			name, value, hasValue = k, v, true
		}
		takeValue := func() (string, error) {
			if hasValue {
				return value, nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("option %s needs an argument", a)
			}
			i++
			return args[i], nil
		}
		switch name {
		case "c", "cmd", "command":
			v, err := takeValue()
			if err != nil {
				return o, err
			}
			o.scripts = append(o.scripts, script{sql: v})
		case "f", "file":
			v, err := takeValue()
			if err != nil {
				return o, err
			}
			o.scripts = append(o.scripts, script{file: v})
		case "box", "duckbox", "csv", "json", "jsonlines", "ndjson", "line", "list", "markdown":
			if hasValue {
				return o, fmt.Errorf("option -%s takes no argument", name)
			}
			o.mode = map[string]string{"duckbox": "box", "ndjson": "jsonlines"}[name]
			if o.mode == "" {
				o.mode = name
			}
		case "version":
			o.version = true
		case "h", "help":
			o.help = true
		default:
			return o, fmt.Errorf("unknown option %s", a)
		}
	}
	return o, nil
}

// run is the whole program; it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "gen" {
		return genMain(args[1:])
	}
	o, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "lhsql: %v\n%s", err, usage)
		return 1
	}
	if o.help {
		io.WriteString(stdout, usage)
		return 0
	}
	if o.version {
		fmt.Fprintf(stdout, "lhsql %s\n", versionString())
		return 0
	}
	exec, closeDB, err := openDatabase(o.dbPath)
	if err != nil {
		fmt.Fprintf(stderr, "Error: opening database %q: %v\n", o.dbPath, err)
		return 1
	}
	defer closeDB()
	sh := newShell(exec, stdout, stderr)
	if o.mode != "" {
		sh.mode = o.mode
	}
	ctx := context.Background()

	interactive := len(o.scripts) == 0 && isTerminal(stdin)
	stop := handleInterrupts(sh, interactive)
	defer stop()

	if len(o.scripts) > 0 {
		for _, sc := range o.scripts {
			if err := runScriptArg(ctx, sh, sc); err != nil {
				if err == errQuit {
					return 0
				}
				sh.printError(err)
				return 1
			}
		}
		return 0
	}
	if !interactive {
		if err := sh.runScript(ctx, stdin, true); err != nil && err != errQuit {
			sh.printError(err)
			return 1
		}
		return 0
	}
	return interactiveMain(ctx, sh, stdin.(*os.File), stdout, o.dbPath)
}

// openDatabase opens the database at path and a session on it. Tests
// replace it to run the shell on canned results.
var openDatabase = func(path string) (executor, func() error, error) {
	db, err := lhsql.Open(path)
	if err != nil {
		return nil, nil, err
	}
	return sqlExecutor{db.Conn()}, db.Close, nil
}

func runScriptArg(ctx context.Context, sh *shell, sc script) error {
	if sc.file == "" {
		return sh.runScript(ctx, strings.NewReader(sc.sql), true)
	}
	f, err := os.Open(sc.file)
	if err != nil {
		return err
	}
	defer f.Close()
	return sh.runScript(ctx, f, true)
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// handleInterrupts makes SIGINT cancel the running statement. With no
// statement running, an interactive shell ignores it (Ctrl-C at the prompt
// is read as a key) and a non-interactive one exits with status 130.
func handleInterrupts(sh *shell, interactive bool) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-ch:
				if !sh.interrupt() && !interactive {
					os.Exit(130)
				}
			}
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}

// interactiveMain runs the REPL on a terminal.
func interactiveMain(ctx context.Context, sh *shell, in *os.File, out io.Writer, dbPath string) int {
	if f, ok := out.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil {
			sh.width = w
		}
	}
	fmt.Fprintf(out, "lhsql %s\nEnter \".help\" for usage hints.\n", versionString())
	if dbPath == "" || dbPath == ":memory:" {
		fmt.Fprintln(out, "Connected to a transient in-memory database.")
	}
	histPath := ""
	if home, err := os.UserHomeDir(); err == nil {
		histPath = filepath.Join(home, ".lhsql_history")
	}
	lr := newTermReader(in, out, loadHistory(histPath))
	if err := sh.repl(ctx, lr); err != nil {
		sh.printError(err)
		return 1
	}
	return 0
}
