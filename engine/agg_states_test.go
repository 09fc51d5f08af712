package engine

import (
	"math/rand"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// TestUpdateMinMaxStr checks the first-byte and shared-bytes shortcuts of
// string min/max against plain comparison: empty strings, common
// prefixes, bytes ≥ 0x80, NULLs and several groups.
func TestUpdateMinMaxStr(t *testing.T) {
	words := []string{"", "a", "ab", "abc", "b", "ba", "z", "zz", "\xffx", "\xff", "TRUCK", "TRUCKS", "AIR", "AIR "}
	rng := rand.New(rand.NewSource(7))
	for _, isMax := range []bool{false, true} {
		for trial := range 200 {
			n := 1 + rng.Intn(300)
			groups := 1 + trial%4
			xs := make([]string, n)
			gids := make([]uint32, n)
			valid := vector.NewValidity(n)
			for i := range xs {
				w := words[rng.Intn(len(words))]
				if rng.Intn(2) == 0 {
					w = string([]byte(w)) // same value, other bytes
				}
				xs[i], gids[i] = w, uint32(rng.Intn(groups))
				if rng.Intn(8) == 0 {
					valid.SetInvalid(i)
				}
			}
			val, has := make([]string, groups), make([]bool, groups)
			updateMinMaxStr(xs, gids, valid, val, has, isMax)
			for g := range groups {
				var want string
				found := false
				for i, x := range xs {
					if int(gids[i]) != g || !valid.IsValid(i) {
						continue
					}
					if !found || (isMax && x > want) || (!isMax && x < want) {
						want, found = x, true
					}
				}
				if has[g] != found || val[g] != want {
					t.Fatalf("max=%v trial %d group %d: got %q (%v), want %q (%v)", isMax, trial, g, val[g], has[g], want, found)
				}
			}
		}
	}
}
