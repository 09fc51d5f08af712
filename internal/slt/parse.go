package slt

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// cmdKind is the kind of a parsed command.
type cmdKind uint8

const (
	cmdStatement cmdKind = iota
	cmdQuery
	cmdLoop // loop or foreach, with a body
	cmdHashThreshold
	cmdHalt
	cmdModeSkip
	cmdModeUnskip
	cmdResetLabel
	cmdReconnect
	cmdSleep
	cmdNoop
	cmdBad // a record that cannot be parsed; it counts as failed
)

// expectation is what a statement record expects.
type expectation uint8

const (
	expectOK expectation = iota
	expectError
	expectMaybe
)

// sortMode is a query record's sort mode.
type sortMode uint8

const (
	sortNone sortMode = iota
	sortRows
	sortValues
)

// condition is one skipif/onlyif line in front of a command.
type condition struct {
	skip bool   // skipif (true) or onlyif (false)
	arg  string // a system name or a var=value condition
}

// command is one record or directive of a test file.
type command struct {
	kind  cmdKind
	line  int // 1-based line of the command's first line
	conds []condition

	// statement and query
	expect    expectation
	conn      string // connection name; "" is the default connection
	sql       string
	errMsg    string // expected error message (statement error|maybe)
	types     string // query letters; their count is the column count
	sort      sortMode
	label     string
	hasResult bool     // the query has a ---- line
	expected  []string // expected result lines

	// loop / foreach
	vars   []string   // loop variable names (foreach a,b ... binds several)
	values [][]string // one entry per iteration, one value per variable
	body   []*command

	// misc directives
	n   int    // hash-threshold, sleep duration in ms
	arg string // reset label name; bad record reason
}

// script is a parsed test file.
type script struct {
	cmds []*command
	// sqlite is set for files in the original SQLite format, whose query
	// values are rendered according to the I/R/T letters.
	sqlite bool
	// skipReason is set when the file needs something the runner does not
	// support; the whole file is then skipped.
	skipReason string
}

// satisfiedRequires lists the `require` arguments that only concern the
// platform or DuckDB's own test configurations; they are treated as met.
var satisfiedRequires = map[string]bool{
	"skip_reload":            true,
	"noforcestorage":         true,
	"no_force_storage":       true,
	"no_alternative_verify":  true,
	"no_vector_verification": true,
	"no_latest_storage":      true,
	"notwindows":             true,
	"notmingw":               true,
	"64bit":                  true,
	"ram":                    true,
	"disk_space":             true,
}

// isSQLiteStyle decides whether a file is in the original SQLite format,
// whose query results are rendered by type letter (I truncates, R is %.3f,
// T shows (empty) and @ for unprintable bytes). The heuristic: the file uses
// a `hash-threshold` directive (every SQLite-format file that relies on
// hashing declares it, DuckDB's own tests never do), or carries DuckDB's
// vendored-SQLite header (`# group: [sqlite]` / `# name: test/sqlite/...`),
// or lives under a directory named sqllogictest or sqlite.
func isSQLiteStyle(path string, lines []string) bool {
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) > 0 && f[0] == "hash-threshold" {
			return true
		}
		if strings.HasPrefix(l, "#") {
			if strings.Contains(l, "group: [sqlite]") || strings.Contains(l, "name: test/sqlite/") {
				return true
			}
		}
	}
	for _, part := range strings.Split(filepath.ToSlash(path), "/") {
		if part == "sqllogictest" || part == "sqlite" {
			return true
		}
	}
	return false
}

// parseScript parses the text of a test file.
func parseScript(path string, text string) *script {
	text = strings.ReplaceAll(text, "\r", "")
	lines := strings.Split(text, "\n")
	p := &parser{lines: lines, sc: &script{sqlite: isSQLiteStyle(path, lines)}}
	if strings.Contains(text, "{BUILD_DIRECTORY}") {
		p.sc.skipReason = "uses {BUILD_DIRECTORY}"
	}
	p.parse()
	return p.sc
}

type parser struct {
	lines []string
	i     int
	sc    *script
	stack []*command // open loops
}

func emptyOrComment(l string) bool { return l == "" || strings.HasPrefix(l, "#") }

// skipFile records the first reason to skip the whole file.
func (p *parser) skipFile(format string, args ...any) {
	if p.sc.skipReason == "" {
		p.sc.skipReason = fmt.Sprintf(format, args...)
	}
}

// add appends c to the innermost open loop, or to the script.
func (p *parser) add(c *command) {
	if n := len(p.stack); n > 0 {
		p.stack[n-1].body = append(p.stack[n-1].body, c)
		return
	}
	p.sc.cmds = append(p.sc.cmds, c)
}

func (p *parser) bad(line int, conds []condition, format string, args ...any) {
	p.add(&command{kind: cmdBad, line: line, conds: conds, arg: fmt.Sprintf(format, args...)})
}

// tokens splits a directive line into fields.
func tokens(l string) []string { return strings.Fields(l) }

// stripComment removes a trailing "# ..." comment from a directive line.
func stripComment(l string) string {
	if i := strings.Index(l, "#"); i >= 0 {
		return l[:i]
	}
	return l
}

func (p *parser) parse() {
	for {
		// Skip blank lines and comments up to the next command.
		for p.i < len(p.lines) && emptyOrComment(p.lines[p.i]) {
			p.i++
		}
		if p.i >= len(p.lines) {
			break
		}
		p.parseCommand()
		// Like DuckDB, ignore whatever is left of the record up to the next
		// blank line or comment.
		for p.i < len(p.lines) && !emptyOrComment(p.lines[p.i]) {
			p.i++
		}
	}
	// A loop left open at the end of the file is closed there.
	for len(p.stack) > 0 {
		p.stack = p.stack[:len(p.stack)-1]
	}
}

// parseCommand parses one command starting at p.i.
func (p *parser) parseCommand() {
	start := p.i + 1
	tok := tokens(p.lines[p.i])
	var conds []condition
	for len(tok) > 0 && (tok[0] == "skipif" || tok[0] == "onlyif") {
		t := tokens(stripComment(p.lines[p.i]))
		if len(t) < 2 {
			p.i++
			p.bad(start, conds, "%s needs an argument", tok[0])
			return
		}
		conds = append(conds, condition{skip: t[0] == "skipif", arg: strings.Join(t[1:], "")})
		p.i++
		if p.i >= len(p.lines) || emptyOrComment(p.lines[p.i]) {
			p.bad(start, conds, "%s is not followed by a record", tok[0])
			return
		}
		tok = tokens(p.lines[p.i])
	}
	line := p.i + 1
	switch tok[0] {
	case "statement":
		p.parseStatement(line, tok, conds)
	case "query":
		p.parseQuery(line, tok, conds)
	case "hash-threshold":
		p.i++
		if len(tok) < 2 {
			p.bad(line, conds, "hash-threshold needs a number")
			return
		}
		n, err := strconv.Atoi(tok[1])
		if err != nil {
			p.bad(line, conds, "hash-threshold: %v", err)
			return
		}
		p.add(&command{kind: cmdHashThreshold, line: line, conds: conds, n: n})
	case "halt":
		p.i++
		p.add(&command{kind: cmdHalt, line: line, conds: conds})
	case "mode":
		p.i++
		if len(tok) < 2 {
			p.bad(line, conds, "mode needs an argument")
			return
		}
		switch tok[1] {
		case "skip":
			p.add(&command{kind: cmdModeSkip, line: line, conds: conds})
		case "unskip":
			p.add(&command{kind: cmdModeUnskip, line: line, conds: conds})
		case "output_result", "output_hash", "no_output", "debug":
			// Debugging aids of DuckDB's runner; results are still checked.
		default:
			p.bad(line, conds, "unknown mode %q", tok[1])
		}
	case "loop", "foreach":
		p.i++
		p.parseLoop(line, tok, conds)
	case "concurrentloop", "concurrentforeach":
		p.i++
		p.skipFile("uses %s", tok[0])
		// Parse the body as a plain loop so endloop matches up.
		p.parseLoop(line, append([]string{strings.TrimPrefix(tok[0], "concurrent")}, tok[1:]...), conds)
	case "endloop":
		p.i++
		if len(p.stack) == 0 {
			p.bad(line, conds, "endloop without loop")
			return
		}
		p.stack = p.stack[:len(p.stack)-1]
	case "require":
		p.i++
		if len(tok) < 2 {
			p.bad(line, conds, "require needs an argument")
			return
		}
		if !satisfiedRequires[tok[1]] {
			p.skipFile("require %s", strings.Join(tok[1:], " "))
		}
	case "require-env":
		p.i++
		if len(tok) < 2 {
			p.bad(line, conds, "require-env needs an argument")
			return
		}
		v, ok := os.LookupEnv(tok[1])
		if !ok || (len(tok) > 2 && v != tok[2]) {
			p.skipFile("require-env %s", strings.Join(tok[1:], " "))
		}
	case "reset":
		p.i++
		if len(tok) == 3 && tok[1] == "label" {
			p.add(&command{kind: cmdResetLabel, line: line, conds: conds, arg: tok[2]})
			return
		}
		p.skipFile("uses reset %s", strings.Join(tok[1:], " "))
	case "reconnect":
		p.i++
		p.add(&command{kind: cmdReconnect, line: line, conds: conds})
	case "sleep":
		p.i++
		p.parseSleep(line, tok, conds)
	case "tags", "continue":
		p.i++
	case "load", "restart", "set", "include", "unzip", "test-env":
		p.i++
		p.skipFile("uses %s", tok[0])
	default:
		p.i++
		p.bad(line, conds, "unknown command %q", tok[0])
	}
}

// readSQL reads SQL lines up to a blank line or ----. In DuckDB files a
// comment line ends the SQL; in SQLite files comments are dropped.
func (p *parser) readSQL() string {
	var sql []string
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l == "" || l == "----" {
			break
		}
		if strings.HasPrefix(l, "#") {
			if !p.sc.sqlite {
				break
			}
			p.i++
			continue
		}
		sql = append(sql, l)
		p.i++
	}
	return strings.Join(sql, "\n")
}

// readBlock reads lines after a ---- line up to the next blank line.
func (p *parser) readBlock() []string {
	var out []string
	for p.i < len(p.lines) && p.lines[p.i] != "" {
		out = append(out, p.lines[p.i])
		p.i++
	}
	return out
}

func (p *parser) parseStatement(line int, tok []string, conds []condition) {
	p.i++
	c := &command{kind: cmdStatement, line: line, conds: conds}
	if len(tok) < 2 {
		p.bad(line, conds, "statement needs ok, error or maybe")
		return
	}
	switch tok[1] {
	case "ok":
		c.expect = expectOK
	case "error":
		c.expect = expectError
	case "maybe":
		c.expect = expectMaybe
	default:
		p.bad(line, conds, "unknown statement expectation %q", tok[1])
		return
	}
	if len(tok) > 2 {
		c.conn = tok[2]
	}
	c.sql = p.readSQL()
	if c.sql == "" {
		p.bad(line, conds, "statement without SQL")
		return
	}
	if p.i < len(p.lines) && p.lines[p.i] == "----" {
		p.i++
		msg := p.readBlock()
		if c.expect == expectOK {
			p.bad(line, conds, "statement ok cannot have an expected error message")
			return
		}
		c.errMsg = strings.Join(msg, "\n")
	} else if c.expect != expectOK && !p.sc.sqlite {
		p.bad(line, conds, "statement %s needs a ---- line with the expected error message", tok[1])
		return
	}
	p.add(c)
}

func (p *parser) parseQuery(line int, tok []string, conds []condition) {
	p.i++
	if len(tok) < 2 {
		p.bad(line, conds, "query needs result type letters (query I)")
		return
	}
	c := &command{kind: cmdQuery, line: line, conds: conds, types: tok[1]}
	if len(tok) > 2 {
		switch tok[2] {
		case "nosort", "none":
			c.sort = sortNone
		case "rowsort", "sort":
			c.sort = sortRows
		case "valuesort":
			c.sort = sortValues
		default:
			c.conn = tok[2]
		}
	}
	if len(tok) > 3 {
		c.label = tok[3]
	}
	c.sql = p.readSQL()
	if c.sql == "" {
		p.bad(line, conds, "query without SQL")
		return
	}
	if p.i < len(p.lines) && p.lines[p.i] == "----" {
		p.i++
		c.hasResult = true
		c.expected = p.readBlock()
	}
	// Without a ---- line the query expects an empty result, as in DuckDB.
	p.add(c)
}

// foreachValues expands a foreach value token: the special collections of
// DuckDB's runner, or the token itself.
func foreachValues(v string) []string {
	signed := []string{"tinyint", "smallint", "integer", "bigint", "hugeint"}
	unsigned := []string{"utinyint", "usmallint", "uinteger", "ubigint", "uhugeint"}
	switch strings.ToLower(v) {
	case "<signed>":
		return signed
	case "<unsigned>":
		return unsigned
	case "<integral>":
		return append(append([]string{}, signed...), unsigned...)
	case "<numeric>":
		return append(append(append([]string{}, signed...), unsigned...), "float", "double")
	case "<alltypes>":
		return append(append(append([]string{}, signed...), unsigned...),
			"float", "double", "bool", "interval", "varchar")
	case "<compression>":
		return []string{"none", "uncompressed", "rle", "bitpacking", "dictionary", "fsst", "alp", "alprd"}
	}
	return []string{v}
}

func (p *parser) parseLoop(line int, tok []string, conds []condition) {
	c := &command{kind: cmdLoop, line: line, conds: conds}
	if tok[0] == "loop" {
		if len(tok) != 4 {
			p.bad(line, conds, "loop needs a variable and two bounds (loop i 0 10)")
			p.stack = append(p.stack, &command{kind: cmdLoop}) // swallow the body
			return
		}
		from, err1 := strconv.Atoi(tok[2])
		to, err2 := strconv.Atoi(tok[3])
		if err1 != nil || err2 != nil {
			p.bad(line, conds, "loop bounds must be integers")
			p.stack = append(p.stack, &command{kind: cmdLoop})
			return
		}
		c.vars = []string{tok[1]}
		for i := from; i < to; i++ {
			c.values = append(c.values, []string{strconv.Itoa(i)})
		}
	} else {
		if len(tok) < 3 {
			p.bad(line, conds, "foreach needs a variable and values")
			p.stack = append(p.stack, &command{kind: cmdLoop})
			return
		}
		c.vars = strings.Split(tok[1], ",")
		for _, t := range tok[2:] {
			for _, v := range foreachValues(t) {
				vals := []string{v}
				if len(c.vars) > 1 {
					vals = strings.Split(v, ",")
					if len(vals) != len(c.vars) {
						p.bad(line, conds, "foreach value %q does not bind %d variables", v, len(c.vars))
						p.stack = append(p.stack, &command{kind: cmdLoop})
						return
					}
				}
				c.values = append(c.values, vals)
			}
		}
	}
	p.add(c)
	p.stack = append(p.stack, c)
}

func (p *parser) parseSleep(line int, tok []string, conds []condition) {
	if len(tok) < 3 {
		p.bad(line, conds, "sleep needs a duration and a unit")
		return
	}
	n, err := strconv.Atoi(tok[1])
	if err != nil {
		p.bad(line, conds, "sleep: %v", err)
		return
	}
	unit := map[string]int{
		"second": 1000, "seconds": 1000, "sec": 1000,
		"millisecond": 1, "milliseconds": 1, "milli": 1,
		"microsecond": 0, "microseconds": 0, "micro": 0,
		"nanosecond": 0, "nanoseconds": 0, "nano": 0,
	}
	ms, ok := unit[tok[2]]
	if !ok {
		p.bad(line, conds, "sleep: unknown unit %q", tok[2])
		return
	}
	p.add(&command{kind: cmdSleep, line: line, conds: conds, n: n * ms})
}
