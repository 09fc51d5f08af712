package engine

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// TestGroupTableManyGroups checks findOrInsert against a map over key
// sets that grow the table past groupTouchMin slots (where lookups read
// slots ahead) and through several resizes, with NULL keys, for i64
// tables and generic (int64, string) tables.
func TestGroupTableManyGroups(t *testing.T) {
	for _, tc := range []struct {
		name     string
		withStr  bool
		distinct int
		rows     int
		nullEach int // every nullEach-th row has NULL keys (0: none)
	}{
		{"i64/small", false, 100, 20_000, 0},
		{"i64/many", false, 200_000, 400_000, 0},
		{"i64/many-nulls", false, 200_000, 400_000, 97},
		{"i64str/small", true, 100, 20_000, 13},
		{"i64str/many", true, 200_000, 400_000, 0},
		{"i64str/many-nulls", true, 200_000, 400_000, 89},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(tc.distinct)))
			types := []vector.Type{vector.BigInt}
			if tc.withStr {
				types = append(types, vector.Varchar)
			}
			tbl := newGroupTable(types)
			want := map[string]uint32{}  // key -> its group
			keyOf := map[uint32]string{} // group -> its key
			hs := make([]uint64, vector.MaxLen)
			gids := make([]uint32, vector.MaxLen)
			for done := 0; done < tc.rows; done += vector.MaxLen {
				n := min(vector.MaxLen, tc.rows-done)
				k := vector.New(vector.BigInt, n)
				s := vector.New(vector.Varchar, n)
				names := make([]string, n)
				for i := 0; i < n; i++ {
					x := rng.IntN(tc.distinct)
					k.I64[i] = int64(x) * 0x5E3779B97F4A7C15 >> 3
					s.Str[i] = fmt.Sprint("s", x%37)
					names[i] = fmt.Sprint(k.I64[i], "/", s.Str[i])
					if tc.nullEach > 0 && (done+i)%tc.nullEach == 0 {
						if k.Valid == nil {
							k.Valid = vector.NewValidity(n)
							s.Valid = vector.NewValidity(n)
						}
						k.Valid.SetInvalid(i)
						s.Valid.SetInvalid(i)
						names[i] = "NULL"
					}
				}
				keys := []*vector.Vector{k}
				if tc.withStr {
					keys = append(keys, s)
				} else {
					for i := range names {
						if names[i] != "NULL" {
							names[i] = fmt.Sprint(k.I64[i])
						}
					}
				}
				hashKeys(keys, n, hs[:n])
				tbl.findOrInsert(keys, hs, seqRows(n), gids)
				for i := 0; i < n; i++ {
					g, ok := want[names[i]]
					if !ok {
						// A new key: its group must be new too.
						if k2, dup := keyOf[gids[i]]; dup {
							t.Fatalf("row %d: key %s got group %d of key %s", done+i, names[i], gids[i], k2)
						}
						g = gids[i]
						want[names[i]], keyOf[g] = g, names[i]
					}
					if gids[i] != g {
						t.Fatalf("row %d key %s: group %d, want %d", done+i, names[i], gids[i], g)
					}
				}
			}
			if tbl.n != len(want) {
				t.Fatalf("%d groups, want %d", tbl.n, len(want))
			}
			for g := range keyOf {
				if int(g) >= tbl.n {
					t.Fatalf("group %d out of range [0,%d)", g, tbl.n)
				}
			}
			if tc.distinct > 1000 && int(tbl.mask)+1 < groupTouchMin {
				t.Fatalf("table of %d slots does not reach groupTouchMin %d", tbl.mask+1, groupTouchMin)
			}
		})
	}
}

// TestGroupTableReserveSteps checks the slot counts reserve picks: the
// smallest power of two at load <= 1/2, and for i64 tables of
// groupGrow4At slots or more at least 4x the old size.
func TestGroupTableReserveSteps(t *testing.T) {
	for _, tc := range []struct {
		name  string
		types []vector.Type
		start int // slots before
		n     int // groups held
		extra int
		want  int // slots after
	}{
		{"fits", []vector.Type{vector.BigInt}, 1024, 100, 400, 1024},
		{"i64 small doubles", []vector.Type{vector.BigInt}, 1024, 500, 100, 2048},
		{"i64 small jumps to need", []vector.Type{vector.BigInt}, 1024, 500, 5000, 16384},
		{"i64 large 4x", []vector.Type{vector.BigInt}, groupGrow4At, groupGrow4At / 2, 1, 4 * groupGrow4At},
		{"i64 large need beyond 4x", []vector.Type{vector.BigInt}, groupGrow4At, 0, 8 * groupGrow4At, 16 * groupGrow4At},
		{"generic large doubles", []vector.Type{vector.BigInt, vector.Varchar}, groupGrow4At, groupGrow4At / 2, 1, 2 * groupGrow4At},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newGroupTable(tc.types)
			g.resize(tc.start)
			// Stand-in groups: a count and, for generic tables, distinct
			// hashes to rehash (i64 tables rehash their empty slots).
			g.n = tc.n
			for i := 0; i < tc.n; i++ {
				g.hashes = append(g.hashes, uint64(i))
			}
			g.reserve(tc.extra)
			if got := int(g.mask) + 1; got != tc.want {
				t.Errorf("reserve(%d) with %d groups in %d slots: %d slots, want %d", tc.extra, tc.n, tc.start, got, tc.want)
			}
		})
	}
}
