package engine

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// groupTableBenchChunks returns chunks of 1<<20 rows in all whose key
// columns (one int64 column, plus a string column when withStr) take
// about groups distinct values, drawn at random.
func groupTableBenchChunks(groups int, withStr bool) [][]*vector.Vector {
	rng := rand.New(rand.NewPCG(1, 2))
	strs := make([]string, 64)
	for i := range strs {
		strs[i] = fmt.Sprintf("search phrase %d", i*7919)
	}
	var out [][]*vector.Vector
	for rows := 0; rows < 1<<20; rows += vector.MaxLen {
		k := vector.New(vector.BigInt, vector.MaxLen)
		s := vector.New(vector.Varchar, vector.MaxLen)
		for i := range k.I64 {
			x := rng.IntN(groups)
			k.I64[i] = int64(x) * 2654435761
			s.Str[i] = strs[x%len(strs)]
		}
		if withStr {
			out = append(out, []*vector.Vector{k, s})
		} else {
			out = append(out, []*vector.Vector{k})
		}
	}
	return out
}

func BenchmarkGroupTable(b *testing.B) {
	for _, bc := range []struct {
		name    string
		groups  int
		withStr bool
	}{
		{"i64/1k", 1 << 10, false},
		{"i64/256k", 1 << 18, false},
		{"i64/1m", 1 << 20, false},
		{"i64str/256k", 1 << 18, true},
		{"i64str/1m", 1 << 20, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			chunks := groupTableBenchChunks(bc.groups, bc.withStr)
			types := []vector.Type{vector.BigInt}
			if bc.withStr {
				types = append(types, vector.Varchar)
			}
			hs := make([]uint64, vector.MaxLen)
			gids := make([]uint32, vector.MaxLen)
			b.ResetTimer()
			for b.Loop() {
				t := newGroupTable(types)
				for _, keys := range chunks {
					hashKeys(keys, vector.MaxLen, hs)
					t.findOrInsert(keys, hs, seqRows(vector.MaxLen), gids)
				}
			}
		})
	}
}
