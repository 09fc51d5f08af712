package sql_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	lsql "github.com/lhsql/lhsql/sql"
	"github.com/lhsql/lhsql/storage/remote"
	"github.com/lhsql/lhsql/storage/remote/remotetest"
)

// scanIO is the remote I/O a scan line of EXPLAIN ANALYZE reports.
type scanIO struct {
	requests        int64
	fetched, cached string
}

var scanIORe = regexp.MustCompile(`requests=(\d+) fetched=(\S+) cached=([^\s),]+)`)

// remoteScanIO returns the remote counters of the plan's scan lines.
func remoteScanIO(t *testing.T, plan string) []scanIO {
	t.Helper()
	var out []scanIO
	for _, m := range scanIORe.FindAllStringSubmatch(plan, -1) {
		n, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil {
			t.Fatalf("requests=%q: %v", m[1], err)
		}
		out = append(out, scanIO{requests: n, fetched: m[2], cached: m[3]})
	}
	return out
}

// TestRemoteExplainAnalyzeIO checks that EXPLAIN ANALYZE reports each
// remote scan's requests, bytes fetched and bytes served from the cache:
// a cold run fetches, a warm run is served from the cache without
// requests. The proxy's count of ranged GETs must agree.
func TestRemoteExplainAnalyzeIO(t *testing.T) {
	tpch := remoteTPCHDir(t)
	data := filepath.Join(tpch, "data", "sf0.01")
	cacheDir := t.TempDir() // removed after the cleanup below closes the cache
	t.Cleanup(func() {
		remote.SetCacheSize(0)
		remote.CloseCaches()
		remote.DropSecret("explain", true)
	})
	fs := remotetest.NewFileServer(t)
	fs.PutFile(t, "/lineitem.parquet", filepath.Join(data, "lineitem.parquet"))
	fs.PutFile(t, "/orders.parquet", filepath.Join(data, "orders.parquet"))
	hp := remotetest.NewProxy(t, fs.URL)
	type target struct {
		name     string
		proxy    *remotetest.Proxy
		lineitem string
		orders   string
	}
	targets := []target{{"http", hp, hp.URL + "/lineitem.parquet", hp.URL + "/orders.parquet"}}
	var secret string
	if remotetest.VersityPath() != "" {
		s3 := remotetest.StartS3(t, "explain")
		s3.PutFile(t, "explain", "li/lineitem.parquet", filepath.Join(data, "lineitem.parquet"))
		s3.PutFile(t, "explain", "o/orders.parquet", filepath.Join(data, "orders.parquet"))
		sp := remotetest.NewProxy(t, "http://"+s3.Endpoint)
		secret = fmt.Sprintf("CREATE SECRET explain (TYPE s3, KEY_ID '%s', SECRET '%s', ENDPOINT '%s', URL_STYLE 'path', USE_SSL false, SCOPE 's3://explain')",
			s3.Access, s3.Secret, strings.TrimPrefix(sp.URL, "http://"))
		targets = append(targets, target{"s3", sp, "s3://explain/li/lineitem.parquet", "s3://explain/o/orders.parquet"})
	} else {
		t.Log("versitygw is not installed: S3 case skipped")
	}
	db, _ := lsql.Open(":memory:")
	c := db.Conn()
	mustRows(t, c, "SET cache_dir = '"+cacheDir+"'")
	mustRows(t, c, "SET cache_size = '1GB'")
	if secret != "" {
		mustRows(t, c, secret)
	}
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			q := fmt.Sprintf(`EXPLAIN ANALYZE SELECT o_orderpriority, count(*), sum(l_quantity)
				FROM '%s' JOIN '%s' ON l_orderkey = o_orderkey
				WHERE l_shipdate >= DATE '1995-01-01' GROUP BY 1 ORDER BY 1`, tg.lineitem, tg.orders)
			for _, run := range []string{"cold", "warm"} {
				tg.proxy.ResetCounters()
				plan := strings.Join(mustRows(t, c, q), "\n")
				scans := remoteScanIO(t, plan)
				if len(scans) != 2 {
					t.Fatalf("%s: want remote counters on both scans, got %d in\n%s", run, len(scans), plan)
				}
				var requests int64
				for _, s := range scans {
					requests += s.requests
					switch run {
					case "cold":
						if s.requests == 0 || s.fetched == "0B" {
							t.Errorf("cold scan reports requests=%d fetched=%s:\n%s", s.requests, s.fetched, plan)
						}
					case "warm":
						if s.requests != 0 || s.fetched != "0B" || s.cached == "0B" {
							t.Errorf("warm scan reports requests=%d fetched=%s cached=%s:\n%s", s.requests, s.fetched, s.cached, plan)
						}
					}
				}
				if gets := tg.proxy.RangedGets.Load(); gets != requests {
					t.Errorf("%s: scans report %d requests, the proxy saw %d ranged GETs", run, requests, gets)
				}
			}
		})
	}
}
