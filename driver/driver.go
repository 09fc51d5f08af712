package driver

import (
	"context"
	stdsql "database/sql"
	sqldriver "database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	lhsql "github.com/lhsql/lhsql/sql"
)

// DriverName is the name under which the driver is registered.
const DriverName = "lhsql"

func init() {
	stdsql.Register(DriverName, Driver{})
}

// Driver is the lhsql database/sql driver. Prefer OpenConnector (which
// database/sql uses automatically): Open creates a fresh database for every
// call.
type Driver struct{}

var (
	_ sqldriver.Driver        = Driver{}
	_ sqldriver.DriverContext = Driver{}
)

// Open opens a connection to a new database described by dsn. database/sql
// does not call it because Driver implements DriverContext.
func (d Driver) Open(dsn string) (sqldriver.Conn, error) {
	c, err := NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return c.Connect(context.Background())
}

// OpenConnector parses dsn and opens its database.
func (d Driver) OpenConnector(dsn string) (sqldriver.Connector, error) {
	return NewConnector(dsn)
}

// knownSettings lists the settings a DSN may carry.
var knownSettings = map[string]bool{
	"threads":                  true,
	"memory_limit":             true,
	"max_memory":               true,
	"temp_directory":           true,
	"default_order":            true,
	"default_null_order":       true,
	"preserve_insertion_order": true,
	"enable_progress_bar":      true,
	"timezone":                 true,
}

// setting is one name=value pair of a DSN.
type setting struct {
	name, value string
}

// parseDSN splits dsn into a database path and its settings, sorted by name.
func parseDSN(dsn string) (path string, settings []setting, err error) {
	path, rawQuery, hasQuery := strings.Cut(dsn, "?")
	if !hasQuery {
		return path, nil, nil
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", nil, fmt.Errorf("lhsql: invalid DSN options %q: %w", rawQuery, err)
	}
	for name, vals := range q {
		key := strings.ToLower(name)
		if !knownSettings[key] {
			return "", nil, fmt.Errorf("lhsql: unknown DSN option %q", name)
		}
		if len(vals) != 1 {
			return "", nil, fmt.Errorf("lhsql: DSN option %q given %d times", name, len(vals))
		}
		settings = append(settings, setting{name: key, value: vals[0]})
	}
	sort.Slice(settings, func(i, j int) bool { return settings[i].name < settings[j].name })
	return path, settings, nil
}

// setStatement renders a SET statement for s. Integers and booleans are
// written bare, anything else as a quoted string literal.
func (s setting) setStatement() string {
	v := s.value
	if _, err := strconv.ParseInt(v, 10, 64); err == nil {
		return "SET " + s.name + " = " + v
	}
	switch strings.ToLower(v) {
	case "true", "false":
		return "SET " + s.name + " = " + strings.ToLower(v)
	}
	return "SET " + s.name + " = '" + strings.ReplaceAll(v, "'", "''") + "'"
}

// Connector opens connections to one lhsql database. All connections of a
// Connector share its database; each is a separate session. Closing the
// Connector (database/sql does so in DB.Close) closes the database.
type Connector struct {
	path     string
	settings []setting

	mu     sync.Mutex
	db     *lhsql.DB
	closed bool
}

var (
	_ sqldriver.Connector = (*Connector)(nil)
)

// NewConnector parses dsn and opens its database. Use it with
// database/sql's OpenDB.
func NewConnector(dsn string) (*Connector, error) {
	path, settings, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	db, err := lhsql.Open(path)
	if err != nil {
		return nil, fmt.Errorf("lhsql: opening %q: %w", path, err)
	}
	return &Connector{path: path, settings: settings, db: db}, nil
}

// Connect opens a new session on the connector's database and applies the
// DSN's settings to it.
func (c *Connector) Connect(ctx context.Context) (sqldriver.Conn, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, errors.New("lhsql: connector is closed")
	}
	db := c.db
	c.mu.Unlock()

	sess := db.Conn()
	for _, s := range c.settings {
		if _, err := sess.Exec(ctx, s.setStatement()); err != nil {
			return nil, fmt.Errorf("lhsql: applying DSN option %s=%s: %w", s.name, s.value, err)
		}
	}
	return &conn{sess: sess}, nil
}

// Driver returns the lhsql driver.
func (c *Connector) Driver() sqldriver.Driver { return Driver{} }

// Close closes the database. Connections still open fail afterwards.
func (c *Connector) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	return c.db.Close()
}
