package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// query is one named SQL statement of a query set.
type query struct {
	Name string
	SQL  string
}

// loadTPCH reads q01.sql .. q22.sql from dir.
func loadTPCH(dir string) ([]query, error) {
	var qs []query
	for i := 1; i <= 22; i++ {
		name := fmt.Sprintf("q%02d", i)
		b, err := os.ReadFile(filepath.Join(dir, name+".sql"))
		if err != nil {
			return nil, fmt.Errorf("TPC-H queries: %w", err)
		}
		qs = append(qs, query{Name: name, SQL: strings.TrimRight(strings.TrimSpace(string(b)), ";")})
	}
	return qs, nil
}

// selectQueries keeps the queries listed in spec ("1,6,q09,c03"): a number
// selects the query whose name ends in that number.
func selectQueries(qs []query, spec string) ([]query, error) {
	if spec == "" {
		return qs, nil
	}
	var out []query
	for _, want := range splitList(spec) {
		found := false
		for _, q := range qs {
			n, err := strconv.Atoi(want)
			if q.Name == want || (err == nil && numSuffix(q.Name) == n) {
				out = append(out, q)
				found = true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("no query %q in this set", want)
		}
	}
	return out, nil
}

func numSuffix(name string) int {
	i := len(name)
	for i > 0 && name[i-1] >= '0' && name[i-1] <= '9' {
		i--
	}
	n, err := strconv.Atoi(name[i:])
	if err != nil {
		return -1
	}
	return n
}

// clickbenchQueries is a ClickBench-style query set over the hits table:
// the shapes of ClickBench's 43 queries (full-table aggregates, count
// distinct, group by low- and high-cardinality keys, LIKE filters, top-N,
// date truncation), adapted to the synthetic data. Every ORDER BY ...
// LIMIT has a tie-breaker so both engines must return the same rows.
func clickbenchQueries() []query {
	sqls := []string{
		`SELECT COUNT(*) FROM hits`,
		`SELECT COUNT(*) FROM hits WHERE AdvEngineID <> 0`,
		`SELECT SUM(AdvEngineID), COUNT(*), AVG(ResolutionWidth) FROM hits`,
		`SELECT AVG(UserID) FROM hits`,
		`SELECT COUNT(DISTINCT UserID) FROM hits`,
		`SELECT COUNT(DISTINCT SearchPhrase) FROM hits`,
		`SELECT MIN(EventDate), MAX(EventDate) FROM hits`,
		`SELECT AdvEngineID, COUNT(*) FROM hits WHERE AdvEngineID <> 0 GROUP BY AdvEngineID ORDER BY COUNT(*) DESC, AdvEngineID`,
		`SELECT RegionID, COUNT(DISTINCT UserID) AS u FROM hits GROUP BY RegionID ORDER BY u DESC, RegionID LIMIT 10`,
		`SELECT RegionID, SUM(AdvEngineID), COUNT(*) AS c, AVG(ResolutionWidth), COUNT(DISTINCT UserID) FROM hits GROUP BY RegionID ORDER BY c DESC, RegionID LIMIT 10`,
		`SELECT MobilePhoneModel, COUNT(DISTINCT UserID) AS u FROM hits WHERE MobilePhoneModel <> '' GROUP BY MobilePhoneModel ORDER BY u DESC, MobilePhoneModel LIMIT 10`,
		`SELECT SearchPhrase, COUNT(*) AS c FROM hits WHERE SearchPhrase <> '' GROUP BY SearchPhrase ORDER BY c DESC, SearchPhrase LIMIT 10`,
		`SELECT SearchEngineID, SearchPhrase, COUNT(*) AS c FROM hits WHERE SearchPhrase <> '' GROUP BY SearchEngineID, SearchPhrase ORDER BY c DESC, SearchEngineID, SearchPhrase LIMIT 10`,
		`SELECT UserID, COUNT(*) AS c FROM hits GROUP BY UserID ORDER BY c DESC, UserID LIMIT 10`,
		`SELECT UserID, SearchPhrase, COUNT(*) AS c FROM hits GROUP BY UserID, SearchPhrase ORDER BY c DESC, UserID, SearchPhrase LIMIT 10`,
		`SELECT COUNT(*) FROM hits WHERE URL LIKE '%google%'`,
		`SELECT SearchPhrase, MIN(URL), COUNT(*) AS c FROM hits WHERE URL LIKE '%google%' AND SearchPhrase <> '' GROUP BY SearchPhrase ORDER BY c DESC, SearchPhrase LIMIT 10`,
		`SELECT * FROM hits WHERE URL LIKE '%google%' ORDER BY EventTime, WatchID LIMIT 10`,
		`SELECT SearchPhrase, EventTime FROM hits WHERE SearchPhrase <> '' ORDER BY EventTime, SearchPhrase LIMIT 10`,
		`SELECT CounterID, AVG(length(URL)) AS l, COUNT(*) AS c FROM hits WHERE URL <> '' GROUP BY CounterID HAVING COUNT(*) > 100 ORDER BY l DESC, CounterID LIMIT 25`,
		`SELECT SUM(ResolutionWidth), SUM(ResolutionWidth + 1), SUM(ResolutionWidth + 2), SUM(ResolutionWidth + 3), SUM(ResolutionWidth + 4), SUM(ResolutionWidth + 5), SUM(ResolutionWidth + 6), SUM(ResolutionWidth + 7), SUM(ResolutionWidth + 8), SUM(ResolutionWidth + 9) FROM hits`,
		`SELECT ClientIP, ClientIP - 1, COUNT(*) AS c FROM hits GROUP BY ClientIP, ClientIP - 1 ORDER BY c DESC, ClientIP LIMIT 10`,
		`SELECT URL, COUNT(*) AS PageViews FROM hits WHERE CounterID = 2 AND EventDate >= DATE '2013-07-01' AND EventDate <= DATE '2013-07-31' AND DontCountHits = 0 AND IsRefresh = 0 AND URL <> '' GROUP BY URL ORDER BY PageViews DESC, URL LIMIT 10`,
		`SELECT Title, COUNT(*) AS PageViews FROM hits WHERE CounterID = 2 AND EventDate >= DATE '2013-07-01' AND EventDate <= DATE '2013-07-31' AND DontCountHits = 0 AND IsRefresh = 0 AND Title <> '' GROUP BY Title ORDER BY PageViews DESC, Title LIMIT 10`,
		`SELECT DATE_TRUNC('minute', EventTime) AS M, COUNT(*) AS PageViews FROM hits WHERE CounterID = 2 AND EventDate >= DATE '2013-07-14' AND EventDate <= DATE '2013-07-15' AND IsRefresh = 0 AND DontCountHits = 0 GROUP BY DATE_TRUNC('minute', EventTime) ORDER BY DATE_TRUNC('minute', EventTime) LIMIT 10 OFFSET 100`,
		`SELECT DATE_TRUNC('day', EventTime) AS d, COUNT(*) AS c, COUNT(DISTINCT UserID) AS u FROM hits GROUP BY d ORDER BY d`,
		`SELECT TraficSourceID, SearchEngineID, AdvEngineID, COUNT(*) AS PageViews FROM hits WHERE IsRefresh = 0 GROUP BY TraficSourceID, SearchEngineID, AdvEngineID ORDER BY PageViews DESC, TraficSourceID, SearchEngineID, AdvEngineID LIMIT 10`,
		`SELECT OS, UserAgent, COUNT(*) AS c, AVG(ResponseEndTiming) FROM hits WHERE IsMobile = 1 GROUP BY OS, UserAgent ORDER BY c DESC, OS, UserAgent LIMIT 10`,
		`SELECT COUNT(*) FROM hits WHERE Title LIKE '%google%' AND URL NOT LIKE '%.google.%' AND SearchPhrase <> ''`,
		`SELECT WatchID, ClientIP, COUNT(*) AS c, SUM(IsRefresh), AVG(ResolutionWidth) FROM hits WHERE SearchPhrase <> '' GROUP BY WatchID, ClientIP ORDER BY c DESC, WatchID LIMIT 10`,
	}
	qs := make([]query, len(sqls))
	for i, s := range sqls {
		qs[i] = query{Name: fmt.Sprintf("c%02d", i+1), SQL: s}
	}
	return qs
}
