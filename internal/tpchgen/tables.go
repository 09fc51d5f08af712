package tpchgen

import (
	"time"

	"github.com/lhsql/lhsql/vector"
)

// block is a batch of generated rows, one vector per column.
type block struct {
	cols []*vector.Vector
	n    int
}

func newBlock(def *TableDef, capacity int) *block {
	b := &block{cols: make([]*vector.Vector, len(def.Columns))}
	for i, c := range def.Columns {
		b.cols[i] = vector.New(c.Type, capacity)
	}
	return b
}

// Table seeds; each table draws from its own family of streams.
const (
	seedNation uint64 = 0x6e6174696f6e + iota*0x1000193
	seedRegion
	seedSupplier
	seedCustomer
	seedPart
	seedPartsupp
	seedOrders
	seedLineitem
	seedComplaints
)

func epochDay(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// Date constants of clause 4.2.2.12.
var (
	startDate   = epochDay(1992, 1, 1)
	currentDate = epochDay(1995, 6, 17)
	endDate     = epochDay(1998, 12, 31)
)

// appendPadded appends v in decimal, zero-padded to width digits.
func appendPadded(b []byte, v int64, width int) []byte {
	var tmp [20]byte
	i := len(tmp)
	for v > 0 || i == len(tmp) {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	for n := len(tmp) - i; n < width; n++ {
		b = append(b, '0')
	}
	return append(b, tmp[i:]...)
}

// phone returns a phone number of clause 4.2.2.9: the country code is the
// nation key plus 10.
func phone(r *rng, nation int64) string {
	b := make([]byte, 0, 15)
	b = appendPadded(b, nation+10, 2)
	b = append(b, '-')
	b = appendPadded(b, r.intn(100, 999), 3)
	b = append(b, '-')
	b = appendPadded(b, r.intn(100, 999), 3)
	b = append(b, '-')
	b = appendPadded(b, r.intn(1000, 9999), 4)
	return string(b)
}

func keyName(prefix string, key int64) string {
	b := make([]byte, 0, len(prefix)+9)
	b = append(b, prefix...)
	return string(appendPadded(b, key, 9))
}

func genNation(def *TableDef, start, count int64) *block {
	b := newBlock(def, int(count))
	for i := range int(count) {
		row := start + int64(i)
		b.cols[0].I64[i] = row
		b.cols[1].Str[i] = nationNames[row]
		b.cols[2].I64[i] = nationRegions[row]
		r := newRNG(seedNation, 3, row)
		b.cols[3].Str[i] = text(&r, 31, 114)
	}
	b.n = int(count)
	return b
}

func genRegion(def *TableDef, start, count int64) *block {
	b := newBlock(def, int(count))
	for i := range int(count) {
		row := start + int64(i)
		b.cols[0].I64[i] = row
		b.cols[1].Str[i] = regionNames[row]
		r := newRNG(seedRegion, 2, row)
		b.cols[2].Str[i] = text(&r, 31, 115)
	}
	b.n = int(count)
	return b
}

// complaintKind reports whether supplier row carries a "Customer ...
// Complaints" (1) or "Customer ... Recommends" (2) comment, or neither (0).
// Exactly round(5*SF) (at least one) suppliers get each kind; which ones is
// a deterministic function of the scale factor.
func (s *scale) complaintKind(row int64) int {
	return int(s.complaints()[row])
}

func (s *scale) complaints() map[int64]uint8 {
	s.complaintsOnce.Do(func() {
		k := max(1, int64(5*s.sf+0.5))
		if 2*k > s.suppliers {
			k = s.suppliers / 2
		}
		m := make(map[int64]uint8, 2*k)
		r := rng{s: seedComplaints}
		for kind := uint8(1); kind <= 2; kind++ {
			for n := int64(0); n < k; {
				row := r.intn(0, s.suppliers-1)
				if _, ok := m[row]; !ok {
					m[row] = kind
					n++
				}
			}
		}
		s.complaintsMap = m
	})
	return s.complaintsMap
}

// supplierComment returns a text [25,100] comment; for the selected rows,
// "Customer", random text and "Complaints"/"Recommends" overwrite part of
// it at a random position, keeping its length (clause 4.2.3).
func supplierComment(r *rng, kind int) string {
	c := text(r, 25, 100)
	if kind == 0 {
		return c
	}
	word := "Complaints"
	if kind == 2 {
		word = "Recommends"
	}
	fixed := len("Customer") + len(word)
	fill := int(r.intn(0, int64(len(c)-fixed)))
	pos := int(r.intn(0, int64(len(c)-fixed-fill)))
	b := []byte(c)
	copy(b[pos:], "Customer")
	copy(b[pos+8:], text(r, fill, fill))
	copy(b[pos+8+fill:], word)
	return string(b)
}

func (s *scale) genSupplier(def *TableDef, start, count int64) *block {
	b := newBlock(def, int(count))
	for i := range int(count) {
		row := start + int64(i)
		key := row + 1
		b.cols[0].I64[i] = key
		b.cols[1].Str[i] = keyName("Supplier#", key)
		r := newRNG(seedSupplier, 2, row)
		b.cols[2].Str[i] = vstring(&r, 10, 40)
		r = newRNG(seedSupplier, 3, row)
		nation := r.intn(0, 24)
		b.cols[3].I64[i] = nation
		b.cols[4].Str[i] = phone(&r, nation)
		r = newRNG(seedSupplier, 5, row)
		b.cols[5].I64[i] = r.intn(-99999, 999999)
		r = newRNG(seedSupplier, 6, row)
		b.cols[6].Str[i] = supplierComment(&r, s.complaintKind(row))
	}
	b.n = int(count)
	return b
}

func genCustomer(def *TableDef, start, count int64) *block {
	b := newBlock(def, int(count))
	for i := range int(count) {
		row := start + int64(i)
		key := row + 1
		b.cols[0].I64[i] = key
		b.cols[1].Str[i] = keyName("Customer#", key)
		r := newRNG(seedCustomer, 2, row)
		b.cols[2].Str[i] = vstring(&r, 10, 40)
		r = newRNG(seedCustomer, 3, row)
		nation := r.intn(0, 24)
		b.cols[3].I64[i] = nation
		b.cols[4].Str[i] = phone(&r, nation)
		r = newRNG(seedCustomer, 5, row)
		b.cols[5].I64[i] = r.intn(-99999, 999999)
		b.cols[6].Str[i] = segments[r.idx(len(segments))]
		r = newRNG(seedCustomer, 7, row)
		b.cols[7].Str[i] = text(&r, 29, 116)
	}
	b.n = int(count)
	return b
}

// retailPrice returns P_RETAILPRICE in cents (clause 4.2.3).
func retailPrice(partkey int64) int64 {
	return 90000 + (partkey/10)%20001 + 100*(partkey%1000)
}

// partSupp returns the key of the i-th supplier (i in 0..3) of a part
// (clause 4.2.3, PS_SUPPKEY).
func (s *scale) partSupp(partkey, i int64) int64 {
	n := s.suppliers
	return (partkey+i*(n/4+(partkey-1)/n))%n + 1
}

func genPart(def *TableDef, start, count int64) *block {
	b := newBlock(def, int(count))
	var perm [len(colorsArr)]uint8
	name := make([]byte, 0, 64)
	for i := range int(count) {
		row := start + int64(i)
		key := row + 1
		b.cols[0].I64[i] = key
		r := newRNG(seedPart, 1, row)
		perm = colorsArr
		name = name[:0]
		for k := range 5 {
			j := k + r.idx(len(perm)-k)
			perm[k], perm[j] = perm[j], perm[k]
			if k > 0 {
				name = append(name, ' ')
			}
			name = append(name, colors[perm[k]]...)
		}
		b.cols[1].Str[i] = string(name)
		r = newRNG(seedPart, 2, row)
		m := r.intn(1, 5)
		b.cols[2].Str[i] = mfgrs[m-1]
		b.cols[3].Str[i] = brands[(m-1)*5+r.intn(1, 5)-1]
		b.cols[4].Str[i] = partTypes[r.idx(len(partTypes))]
		b.cols[5].I64[i] = r.intn(1, 50)
		b.cols[6].Str[i] = containers[r.idx(len(containers))]
		b.cols[7].I64[i] = retailPrice(key)
		r = newRNG(seedPart, 8, row)
		b.cols[8].Str[i] = text(&r, 5, 22)
	}
	b.n = int(count)
	return b
}

var (
	colorsArr = func() (a [92]uint8) {
		for i := range a {
			a[i] = uint8(i)
		}
		return a
	}()
	mfgrs  = []string{"Manufacturer#1", "Manufacturer#2", "Manufacturer#3", "Manufacturer#4", "Manufacturer#5"}
	brands = func() []string {
		var out []string
		for m := 1; m <= 5; m++ {
			for n := 1; n <= 5; n++ {
				out = append(out, "Brand#"+string(rune('0'+m))+string(rune('0'+n)))
			}
		}
		return out
	}()
)

func (s *scale) genPartsupp(def *TableDef, start, count int64) *block {
	b := newBlock(def, int(count))
	for i := range int(count) {
		row := start + int64(i)
		partkey := row/4 + 1
		b.cols[0].I64[i] = partkey
		b.cols[1].I64[i] = s.partSupp(partkey, row%4)
		r := newRNG(seedPartsupp, 2, row)
		b.cols[2].I64[i] = r.intn(1, 9999)
		b.cols[3].I64[i] = r.intn(100, 100000)
		r = newRNG(seedPartsupp, 4, row)
		b.cols[4].Str[i] = text(&r, 49, 198)
	}
	b.n = int(count)
	return b
}

// orderKey maps an order index to its sparse key: the first 8 of every 32
// keys are used (clause 4.2.3, O_ORDERKEY).
func orderKey(idx int64) int64 { return (idx/8)*32 + idx%8 + 1 }

// orderLines returns the number of lines of order idx (1..7).
func orderLines(idx int64) int {
	r := newRNG(seedOrders, 100, idx)
	return int(r.intn(1, 7))
}

// orderDate returns O_ORDERDATE of order idx.
func orderDate(idx int64) int64 {
	r := newRNG(seedOrders, 4, idx)
	return r.intn(startDate, endDate-151)
}

// line holds the values of one lineitem that orders depend on too.
type line struct {
	partkey, suppkey       int64
	qty, ext, disc, tax    int64 // unscaled DECIMAL(15,2)
	ship, commit, receipt  int64
	returnflag, linestatus string
}

// makeLine computes line j (1..7) of order idx placed on date odate.
func (s *scale) makeLine(idx int64, j int, odate int64) line {
	row := idx*8 + int64(j)
	var l line
	r := newRNG(seedLineitem, 1, row)
	l.partkey = r.intn(1, s.parts)
	l.suppkey = s.partSupp(l.partkey, r.intn(0, 3))
	r = newRNG(seedLineitem, 4, row)
	q := r.intn(1, 50)
	l.qty = q * 100
	l.ext = q * retailPrice(l.partkey)
	l.disc = r.intn(0, 10)
	l.tax = r.intn(0, 8)
	r = newRNG(seedLineitem, 10, row)
	l.ship = odate + r.intn(1, 121)
	l.commit = odate + r.intn(30, 90)
	l.receipt = l.ship + r.intn(1, 30)
	if l.receipt <= currentDate {
		if r.next()&1 == 0 {
			l.returnflag = "R"
		} else {
			l.returnflag = "A"
		}
	} else {
		l.returnflag = "N"
	}
	if l.ship > currentDate {
		l.linestatus = "O"
	} else {
		l.linestatus = "F"
	}
	return l
}

// clerkNames caches "Clerk#000000001".. for the scale's clerks.
func (s *scale) clerkName(n int64) string {
	s.clerksOnce.Do(func() {
		s.clerkNames = make([]string, s.clerks)
		for i := range s.clerkNames {
			s.clerkNames[i] = keyName("Clerk#", int64(i)+1)
		}
	})
	return s.clerkNames[n-1]
}

// customerKey draws O_CUSTKEY: uniform over the customer keys that are not
// a multiple of 3, so a third of the customers have no orders.
func (s *scale) customerKey(r *rng) int64 {
	n := s.customers - s.customers/3
	k := r.intn(0, n-1)
	return (k/2)*3 + k%2 + 1
}

func (s *scale) genOrders(def *TableDef, start, count int64) *block {
	b := newBlock(def, int(count))
	for i := range int(count) {
		idx := start + int64(i)
		b.cols[0].I64[i] = orderKey(idx)
		r := newRNG(seedOrders, 1, idx)
		b.cols[1].I64[i] = s.customerKey(&r)
		odate := orderDate(idx)
		nl := orderLines(idx)
		var total int64
		nf, no := 0, 0
		for j := 1; j <= nl; j++ {
			l := s.makeLine(idx, j, odate)
			t := l.ext * (100 - l.disc) / 100
			total += t * (100 + l.tax) / 100
			if l.linestatus == "F" {
				nf++
			} else {
				no++
			}
		}
		switch {
		case nf == nl:
			b.cols[2].Str[i] = "F"
		case no == nl:
			b.cols[2].Str[i] = "O"
		default:
			b.cols[2].Str[i] = "P"
		}
		b.cols[3].I64[i] = total
		b.cols[4].I64[i] = odate
		r = newRNG(seedOrders, 5, idx)
		b.cols[5].Str[i] = priorities[r.idx(len(priorities))]
		b.cols[6].Str[i] = s.clerkName(r.intn(1, s.clerks))
		b.cols[7].I64[i] = 0
		r = newRNG(seedOrders, 8, idx)
		b.cols[8].Str[i] = text(&r, 19, 78)
	}
	b.n = int(count)
	return b
}

// genLineitem generates the lines of orders [start, start+count).
func (s *scale) genLineitem(def *TableDef, start, count int64) *block {
	b := newBlock(def, int(count)*7)
	n := 0
	for o := range count {
		idx := start + o
		key := orderKey(idx)
		odate := orderDate(idx)
		nl := orderLines(idx)
		for j := 1; j <= nl; j++ {
			l := s.makeLine(idx, j, odate)
			b.cols[0].I64[n] = key
			b.cols[1].I64[n] = l.partkey
			b.cols[2].I64[n] = l.suppkey
			b.cols[3].I64[n] = int64(j)
			b.cols[4].I64[n] = l.qty
			b.cols[5].I64[n] = l.ext
			b.cols[6].I64[n] = l.disc
			b.cols[7].I64[n] = l.tax
			b.cols[8].Str[n] = l.returnflag
			b.cols[9].Str[n] = l.linestatus
			b.cols[10].I64[n] = l.ship
			b.cols[11].I64[n] = l.commit
			b.cols[12].I64[n] = l.receipt
			row := idx*8 + int64(j)
			r := newRNG(seedLineitem, 13, row)
			b.cols[13].Str[n] = instructions[r.idx(len(instructions))]
			b.cols[14].Str[n] = shipModes[r.idx(len(shipModes))]
			r = newRNG(seedLineitem, 15, row)
			b.cols[15].Str[n] = text(&r, 10, 43)
			n++
		}
	}
	b.n = n
	for i, c := range b.cols {
		b.cols[i] = c.Slice(0, n)
	}
	return b
}
