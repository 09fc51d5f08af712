package tpchgen

import (
	"context"
	"fmt"
	"sync"

	"github.com/lhsql/lhsql/vector"
)

// The hits table is a synthetic, ClickBench-style web-analytics table:
// 105 columns named as in ClickBench's "hits", with skewed key
// distributions (a few counters, regions, users and search phrases account
// for most rows), mostly-zero flag columns, mostly-empty string columns and
// event times that advance with the row number through July 2013. It is
// lhsql's own generator, not ClickBench's data; it exists so that
// ClickBench-style queries can be timed at any size without downloading
// the 14 GB original.

const seedHits uint64 = 0x68697473

type hitsKind uint8

const (
	hInt      hitsKind = iota // lo + (hi-lo+1)*u^skew, or 0 with probability zero
	hStr                      // pool entry picked with skew, or "" with probability zero
	hHash                     // uniform 62-bit value
	hTime                     // event time, advancing with the row number
	hDate                     // date of the event time
	hTimeRel                  // event time plus an offset in [lo, hi] seconds
	hHashPick                 // hash of an hInt-style skewed pick: high-cardinality ids
)

type hitsCol struct {
	name   string
	typ    vector.Type
	kind   hitsKind
	lo, hi int64
	skew   int     // exponent of the skew: 1 uniform, larger favours low values
	zero   float64 // probability of 0 or ""
	pool   *[]string
	dict   bool
}

var (
	hitsPoolsOnce                                            sync.Once
	hitsURLs, hitsTitles, hitsPhrases, hitsPhones, hitsSmall []string
	hitsLangs, hitsCountries, hitsCharsets, hitsSocial       []string
	hitsUTM, hitsColors, hitsVersions                        []string
)

func buildHitsPools() {
	hitsPoolsOnce.Do(func() {
		r := rng{s: seedHits}
		domains := []string{"yandex.ru", "google.com", "mail.ru", "vk.com", "maps.google.ru",
			"news.example.org", "shop.example.com", "auto.ru", "avito.ru", "images.google.de",
			"kinopoisk.ru", "lenta.ru", "livejournal.com", "wikipedia.org", "youtube.com", "ok.ru"}
		words := nouns.words
		word := func() string { return words[r.idx(len(words))] }
		for i := range 20000 {
			d := domains[min(len(domains)-1, int(float64(len(domains))*pow(r.float(), 2)))]
			u := "https://" + d + "/" + word() + "/" + word()
			if i%3 == 0 {
				u += "?id=" + fmt.Sprint(r.intn(1, 1_000_000))
			}
			hitsURLs = append(hitsURLs, u)
		}
		for range 5000 {
			hitsTitles = append(hitsTitles, adjectives.pick(&r)+" "+word()+" - "+domains[r.idx(len(domains))])
		}
		for range 10000 {
			p := word()
			for k := r.intn(0, 3); k > 0; k-- {
				p += " " + adjectives.pick(&r)
			}
			hitsPhrases = append(hitsPhrases, p)
		}
		for i := range 300 {
			hitsPhones = append(hitsPhones, fmt.Sprintf("%s %d", []string{"iPhone", "Galaxy", "Lumia", "Xperia", "Nexus"}[i%5], i))
		}
		hitsSmall = []string{"", "0", "1", "2", "3", "5", "7", "9", "a", "b"}
		hitsLangs = []string{"ru", "en", "de", "uk", "tr", "be", "kk", "fr", "es", "it"}
		hitsCountries = []string{"RU", "UA", "BY", "KZ", "TR", "DE", "US", "GB", "FR", "PL"}
		hitsCharsets = []string{"utf-8", "windows-1251", "koi8-r", "iso-8859-1"}
		hitsSocial = []string{"facebook", "vkontakte", "twitter", "odnoklassniki", "moimir"}
		hitsUTM = []string{"newsletter", "cpc", "banner", "email", "partner", "organic", "summer_sale"}
		hitsColors = []string{"E", "F", "D", "5", "7"}
		hitsVersions = []string{"0", "1", "2", "11", "12", "4.0", "10.1"}
	})
}

func pow(u float64, k int) float64 {
	x := 1.0
	for range k {
		x *= u
	}
	return x
}

var (
	si, in, bi, vc, ts = vector.SmallInt, vector.Integer, vector.BigInt, vector.Varchar, vector.Timestamp
)

// hitsCols lists the 105 columns.
var hitsCols = []hitsCol{
	{name: "WatchID", typ: bi, kind: hHash},
	{name: "JavaEnable", typ: si, hi: 1, skew: 1, dict: true},
	{name: "Title", typ: vc, kind: hStr, pool: &hitsTitles, skew: 3, zero: 0.1},
	{name: "GoodEvent", typ: si, lo: 1, hi: 1, skew: 1, dict: true},
	{name: "EventTime", typ: ts, kind: hTime},
	{name: "EventDate", typ: vector.Date, kind: hDate, dict: true},
	{name: "CounterID", typ: in, lo: 1, hi: 5000, skew: 4},
	{name: "ClientIP", typ: in, lo: -2_000_000_000, hi: 2_000_000_000, skew: 1},
	{name: "RegionID", typ: in, lo: 1, hi: 10000, skew: 4},
	{name: "UserID", typ: bi, kind: hHashPick, lo: 1, hi: 300_000, skew: 3},
	{name: "CounterClass", typ: si, hi: 4, skew: 2, dict: true},
	{name: "OS", typ: si, hi: 100, skew: 3, dict: true},
	{name: "UserAgent", typ: si, hi: 100, skew: 3, dict: true},
	{name: "URL", typ: vc, kind: hStr, pool: &hitsURLs, skew: 3, zero: 0.02},
	{name: "Referer", typ: vc, kind: hStr, pool: &hitsURLs, skew: 2, zero: 0.3},
	{name: "IsRefresh", typ: si, lo: 1, hi: 1, skew: 1, zero: 0.9, dict: true},
	{name: "RefererCategoryID", typ: si, lo: 1, hi: 100, skew: 2, zero: 0.8},
	{name: "RefererRegionID", typ: in, lo: 1, hi: 10000, skew: 4, zero: 0.5},
	{name: "URLCategoryID", typ: si, lo: 1, hi: 100, skew: 2, zero: 0.7},
	{name: "URLRegionID", typ: in, lo: 1, hi: 10000, skew: 4, zero: 0.5},
	{name: "ResolutionWidth", typ: si, lo: 320, hi: 2560, skew: 2},
	{name: "ResolutionHeight", typ: si, lo: 240, hi: 1600, skew: 2},
	{name: "ResolutionDepth", typ: si, lo: 16, hi: 32, skew: 1, dict: true},
	{name: "FlashMajor", typ: si, hi: 11, skew: 2, dict: true},
	{name: "FlashMinor", typ: si, hi: 9, skew: 2, dict: true},
	{name: "FlashMinor2", typ: vc, kind: hStr, pool: &hitsSmall, skew: 2, dict: true},
	{name: "NetMajor", typ: si, hi: 4, skew: 2, dict: true},
	{name: "NetMinor", typ: si, hi: 9, skew: 2, dict: true},
	{name: "UserAgentMajor", typ: si, hi: 60, skew: 2, dict: true},
	{name: "UserAgentMinor", typ: vc, kind: hStr, pool: &hitsSmall, skew: 2, dict: true},
	{name: "CookieEnable", typ: si, hi: 1, skew: 1, zero: 0.05, dict: true},
	{name: "JavascriptEnable", typ: si, hi: 1, skew: 1, zero: 0.05, dict: true},
	{name: "IsMobile", typ: si, lo: 1, hi: 1, skew: 1, zero: 0.8, dict: true},
	{name: "MobilePhone", typ: si, lo: 1, hi: 50, skew: 2, zero: 0.8, dict: true},
	{name: "MobilePhoneModel", typ: vc, kind: hStr, pool: &hitsPhones, skew: 3, zero: 0.8, dict: true},
	{name: "Params", typ: vc, kind: hStr, pool: &hitsUTM, skew: 1, zero: 0.95, dict: true},
	{name: "IPNetworkID", typ: in, lo: 1, hi: 100000, skew: 3},
	{name: "TraficSourceID", typ: si, lo: -1, hi: 9, skew: 2, dict: true},
	{name: "SearchEngineID", typ: si, lo: 1, hi: 30, skew: 3, zero: 0.7, dict: true},
	{name: "SearchPhrase", typ: vc, kind: hStr, pool: &hitsPhrases, skew: 4, zero: 0.75},
	{name: "AdvEngineID", typ: si, lo: 1, hi: 30, skew: 3, zero: 0.95, dict: true},
	{name: "IsArtifical", typ: si, lo: 1, hi: 1, skew: 1, zero: 0.99, dict: true},
	{name: "WindowClientWidth", typ: si, lo: 300, hi: 2500, skew: 2},
	{name: "WindowClientHeight", typ: si, lo: 200, hi: 1500, skew: 2},
	{name: "ClientTimeZone", typ: si, lo: -12, hi: 14, skew: 1, dict: true},
	{name: "ClientEventTime", typ: ts, kind: hTimeRel, lo: -30, hi: 30},
	{name: "SilverlightVersion1", typ: si, hi: 5, skew: 2, dict: true},
	{name: "SilverlightVersion2", typ: si, hi: 9, skew: 2, dict: true},
	{name: "SilverlightVersion3", typ: in, hi: 60000, skew: 3},
	{name: "SilverlightVersion4", typ: si, hi: 9, skew: 2, dict: true},
	{name: "PageCharset", typ: vc, kind: hStr, pool: &hitsCharsets, skew: 2, dict: true},
	{name: "CodeVersion", typ: in, lo: 100, hi: 1000, skew: 2},
	{name: "IsLink", typ: si, lo: 1, hi: 1, skew: 1, zero: 0.95, dict: true},
	{name: "IsDownload", typ: si, lo: 1, hi: 1, skew: 1, zero: 0.98, dict: true},
	{name: "IsNotBounce", typ: si, lo: 1, hi: 1, skew: 1, zero: 0.7, dict: true},
	{name: "FUniqID", typ: bi, kind: hHash},
	{name: "OriginalURL", typ: vc, kind: hStr, pool: &hitsURLs, skew: 2, zero: 0.5},
	{name: "HID", typ: in, lo: 1, hi: 2_000_000_000, skew: 1},
	{name: "IsOldCounter", typ: si, lo: 1, hi: 1, skew: 1, zero: 0.9, dict: true},
	{name: "IsEvent", typ: si, lo: 1, hi: 1, skew: 1, zero: 0.9, dict: true},
	{name: "IsParameter", typ: si, lo: 1, hi: 1, skew: 1, zero: 0.9, dict: true},
	{name: "DontCountHits", typ: si, lo: 1, hi: 1, skew: 1, zero: 0.9, dict: true},
	{name: "WithHash", typ: si, lo: 1, hi: 1, skew: 1, zero: 0.95, dict: true},
	{name: "HitColor", typ: vc, kind: hStr, pool: &hitsColors, skew: 2, dict: true},
	{name: "LocalEventTime", typ: ts, kind: hTimeRel, lo: -12 * 3600, hi: 14 * 3600},
	{name: "Age", typ: si, hi: 90, skew: 1, zero: 0.3, dict: true},
	{name: "Sex", typ: si, lo: 1, hi: 2, skew: 1, zero: 0.3, dict: true},
	{name: "Income", typ: si, lo: 1, hi: 4, skew: 1, zero: 0.4, dict: true},
	{name: "Interests", typ: si, lo: 1, hi: 30000, skew: 2, zero: 0.5},
	{name: "Robotness", typ: si, lo: 1, hi: 100, skew: 3, zero: 0.9, dict: true},
	{name: "RemoteIP", typ: in, lo: -2_000_000_000, hi: 2_000_000_000, skew: 1},
	{name: "WindowName", typ: in, lo: 1, hi: 1_000_000, skew: 3, zero: 0.5},
	{name: "OpenerName", typ: in, lo: 1, hi: 1_000_000, skew: 3, zero: 0.8},
	{name: "HistoryLength", typ: si, hi: 50, skew: 3, dict: true},
	{name: "BrowserLanguage", typ: vc, kind: hStr, pool: &hitsLangs, skew: 3, dict: true},
	{name: "BrowserCountry", typ: vc, kind: hStr, pool: &hitsCountries, skew: 3, dict: true},
	{name: "SocialNetwork", typ: vc, kind: hStr, pool: &hitsSocial, skew: 2, zero: 0.95, dict: true},
	{name: "SocialAction", typ: vc, kind: hStr, pool: &hitsUTM, skew: 2, zero: 0.97, dict: true},
	{name: "HTTPError", typ: si, lo: 400, hi: 504, skew: 3, zero: 0.97, dict: true},
	{name: "SendTiming", typ: in, lo: 1, hi: 5000, skew: 3, zero: 0.2},
	{name: "DNSTiming", typ: in, lo: 1, hi: 500, skew: 3, zero: 0.2},
	{name: "ConnectTiming", typ: in, lo: 1, hi: 1000, skew: 3, zero: 0.2},
	{name: "ResponseStartTiming", typ: in, lo: 1, hi: 3000, skew: 3, zero: 0.2},
	{name: "ResponseEndTiming", typ: in, lo: 1, hi: 6000, skew: 3, zero: 0.2},
	{name: "FetchTiming", typ: in, lo: 1, hi: 8000, skew: 3, zero: 0.2},
	{name: "SocialSourceNetworkID", typ: si, lo: 1, hi: 10, skew: 2, zero: 0.95, dict: true},
	{name: "SocialSourcePage", typ: vc, kind: hStr, pool: &hitsURLs, skew: 3, zero: 0.97},
	{name: "ParamPrice", typ: bi, lo: 1, hi: 10_000_000, skew: 3, zero: 0.95},
	{name: "ParamOrderID", typ: vc, kind: hStr, pool: &hitsSmall, skew: 1, zero: 0.95, dict: true},
	{name: "ParamCurrency", typ: vc, kind: hStr, pool: &hitsCountries, skew: 3, zero: 0.9, dict: true},
	{name: "ParamCurrencyID", typ: si, lo: 1, hi: 200, skew: 3, zero: 0.9, dict: true},
	{name: "OpenstatServiceName", typ: vc, kind: hStr, pool: &hitsSocial, skew: 2, zero: 0.97, dict: true},
	{name: "OpenstatCampaignID", typ: vc, kind: hStr, pool: &hitsUTM, skew: 2, zero: 0.97, dict: true},
	{name: "OpenstatAdID", typ: vc, kind: hStr, pool: &hitsSmall, skew: 2, zero: 0.97, dict: true},
	{name: "OpenstatSourceID", typ: vc, kind: hStr, pool: &hitsSmall, skew: 2, zero: 0.97, dict: true},
	{name: "UTMSource", typ: vc, kind: hStr, pool: &hitsSocial, skew: 2, zero: 0.9, dict: true},
	{name: "UTMMedium", typ: vc, kind: hStr, pool: &hitsUTM, skew: 2, zero: 0.9, dict: true},
	{name: "UTMCampaign", typ: vc, kind: hStr, pool: &hitsUTM, skew: 2, zero: 0.9, dict: true},
	{name: "UTMContent", typ: vc, kind: hStr, pool: &hitsUTM, skew: 2, zero: 0.95, dict: true},
	{name: "UTMTerm", typ: vc, kind: hStr, pool: &hitsPhrases, skew: 3, zero: 0.95},
	{name: "FromTag", typ: vc, kind: hStr, pool: &hitsVersions, skew: 2, zero: 0.9, dict: true},
	{name: "HasGCLID", typ: si, lo: 1, hi: 1, skew: 1, zero: 0.98, dict: true},
	{name: "RefererHash", typ: bi, kind: hHash},
	{name: "URLHash", typ: bi, kind: hHash},
	{name: "CLID", typ: in, lo: 1, hi: 100000, skew: 4, zero: 0.9},
}

// HitsTable returns the definition of the ClickBench-style hits table
// (105 columns).
func HitsTable() TableDef {
	def := TableDef{Name: "hits", Columns: make([]Column, len(hitsCols))}
	for i, c := range hitsCols {
		def.Columns[i] = Column{Name: c.name, Type: c.typ, Dict: c.dict}
	}
	return def
}

// hitsSpan is the time range of the event times: July 2013, in seconds.
const hitsSpan = 31 * 86400

var hitsStart = epochDay(2013, 7, 1) * 86400

// eventTime returns the event time of a row in seconds since the epoch: a
// position proportional to the row number plus up to an hour of jitter.
func eventTime(row, rows int64) int64 {
	r := newRNG(seedHits, 1000, row)
	t := hitsStart + row*(hitsSpan-3600)/max(rows, 1) + r.intn(0, 3599)
	return t
}

func genHits(rows int64) func(def *TableDef, start, count int64) *block {
	buildHitsPools()
	return func(def *TableDef, start, count int64) *block {
		b := newBlock(def, int(count))
		for c := range hitsCols {
			hc := &hitsCols[c]
			v := b.cols[c]
			for i := range int(count) {
				row := start + int64(i)
				r := newRNG(seedHits, uint64(c), row)
				switch hc.kind {
				case hInt:
					if hc.zero > 0 && r.float() < hc.zero {
						v.I64[i] = 0
						continue
					}
					u := pow(r.float(), max(1, hc.skew))
					v.I64[i] = hc.lo + min(hc.hi-hc.lo, int64(u*float64(hc.hi-hc.lo+1)))
				case hStr:
					if hc.zero > 0 && r.float() < hc.zero {
						v.Str[i] = ""
						continue
					}
					p := *hc.pool
					v.Str[i] = p[min(len(p)-1, int(pow(r.float(), hc.skew)*float64(len(p))))]
				case hHashPick:
					u := pow(r.float(), max(1, hc.skew))
					id := hc.lo + min(hc.hi-hc.lo, int64(u*float64(hc.hi-hc.lo+1)))
					v.I64[i] = int64(mix64(uint64(id)^seedHits) >> 24)
				case hHash:
					v.I64[i] = int64(r.next() >> 2)
				case hTime:
					v.I64[i] = eventTime(row, rows) * 1_000_000
				case hDate:
					v.I64[i] = eventTime(row, rows) / 86400
				case hTimeRel:
					v.I64[i] = (eventTime(row, rows) + r.intn(hc.lo, hc.hi)) * 1_000_000
				}
			}
		}
		b.n = int(count)
		return b
	}
}

func checkHitsRows(rows int64) error {
	if rows < 1 || rows > 1<<36 {
		return fmt.Errorf("tpchgen: hits row count %d out of range [1, 2^36]", rows)
	}
	return nil
}

// GenHits generates rows rows of the hits table like Gen does for TPC-H:
// emit is called serially, in row order, with batches of at most
// vector.MaxLen rows; the output does not depend on workers.
func GenHits(ctx context.Context, rows int64, workers int, emit func(cols []*vector.Vector, n int) error) error {
	if err := checkHitsRows(rows); err != nil {
		return err
	}
	g := &generator{def: HitsTable(), units: rows, perRow: 1, gen: genHits(rows)}
	return g.run(ctx, workers, emit)
}

// WriteHitsParquet writes rows rows of the hits table to path as one zstd
// Parquet file with row groups of RowGroupRows rows.
func WriteHitsParquet(ctx context.Context, rows int64, path string, workers int) error {
	if err := checkHitsRows(rows); err != nil {
		return err
	}
	src := blockSource{def: HitsTable(), units: rows, per: RowGroupRows, gen: genHits(rows)}
	return writeParquetFile(ctx, path, src, workers)
}
