package tpchgen

import (
	"strings"
	"sync"
)

// wdist is a weighted list of words. pick is O(1) through a table that holds
// each word index as many times as its weight.
type wdist struct {
	words []string
	table []uint16
}

// newWDist builds a distribution from "word|weight" entries; an entry
// without a weight has weight 1.
func newWDist(entries ...string) *wdist {
	d := &wdist{}
	for _, e := range entries {
		w := 1
		if i := strings.LastIndexByte(e, '|'); i >= 0 {
			w = 0
			for _, c := range e[i+1:] {
				w = w*10 + int(c-'0')
			}
			e = e[:i]
		}
		for range w {
			d.table = append(d.table, uint16(len(d.words)))
		}
		d.words = append(d.words, e)
	}
	return d
}

func (d *wdist) pick(r *rng) string { return d.words[d.table[r.idx(len(d.table))]] }

// The vocabulary of the TPC-H text grammar (specification clause 4.2.2.10).
// The word lists are the specification's; the weights are lhsql's own
// choice (frequent words weigh more), not the reference dbgen weights.
var (
	nouns = newWDist("foxes|20", "ideas|20", "theodolites|20", "pinto beans|20", "instructions|20",
		"dependencies|20", "excuses|20", "platelets|20", "asymptotes|20", "courts|20", "dolphins|20",
		"multipliers", "sauternes", "warthogs", "frets", "dinos", "attainments", "somas", "Tiresias",
		"patterns", "forges", "braids", "hockey players", "frays", "warhorses", "dugouts", "notornis",
		"epitaphs", "pearls", "tithes", "waters", "orbits", "gifts", "sheaves", "depths", "sentiments",
		"decoys", "realms", "pains", "grouches", "escapades", "packages|16", "requests|16",
		"accounts|16", "deposits|16")
	verbs = newWDist("sleep|10", "wake|10", "are|10", "cajole|10", "haggle|10", "nag|5", "use|5",
		"boost|5", "affix", "detect", "integrate", "maintain", "nod", "was", "lose", "sublate", "solve",
		"thrash", "promise", "engage", "hinder", "print", "x-ray", "breach", "eat", "grow", "impress",
		"mold", "poach", "serve", "run", "dazzle", "snooze", "doze", "unwind", "kindle", "play", "hang",
		"believe", "doubt")
	adjectives = newWDist("special|8", "pending|8", "unusual|8", "express|8", "furious", "sly",
		"careful", "blithe", "quick", "fluffy", "slow", "quiet", "ruthless", "thin", "close", "dogged",
		"daring", "brave", "stealthy", "permanent", "enticing", "idle", "busy", "regular|12",
		"final|12", "ironic|12", "even|12", "bold|6", "silent|6")
	adverbs = newWDist("sometimes", "always", "never", "furiously|20", "slyly|20", "carefully|20",
		"blithely|10", "quickly|10", "fluffily|10", "slowly", "quietly", "ruthlessly", "thinly",
		"closely", "doggedly", "daringly", "bravely", "stealthily", "permanently", "enticingly", "idly",
		"busily", "regularly", "finally", "ironically", "evenly", "boldly", "silently")
	prepositions = newWDist("about|5", "above|5", "according to|5", "across|5", "after|5",
		"against|5", "along|5", "alongside of", "among", "around", "at", "atop", "before", "behind",
		"beneath", "beside", "besides", "between", "beyond", "by", "despite", "during", "except",
		"for", "from", "in place of", "inside", "instead of", "into", "near", "of", "on", "outside",
		"over", "past", "since", "through", "throughout", "to", "toward", "under", "until", "up",
		"upon", "without", "with", "within")
	auxiliaries = newWDist("do", "may", "might", "shall", "will", "would", "can", "could", "should",
		"ought to", "must", "will have to", "shall have to", "could have to", "should have to",
		"must have to", "need to", "try to")
	terminators = newWDist(".|50", ";|1", ":|1", "?|1", "!|1", "--|1")
)

// Grammar productions: each letter stands for a word class or a phrase.
// N noun phrase, V verb phrase, P prepositional phrase, T terminator; inside
// phrases J adjective, D adverb, X auxiliary, n noun, v verb.
var (
	sentences   = newWDist("NVT|3", "NVPT|3", "NVNT|3", "NPVNT", "NPVPT")
	nounPhrases = newWDist("n|10", "Jn|20", "J,Jn|10", "DJn|50")
	verbPhrases = newWDist("v|30", "Xv", "vD|40", "XvD")
)

// textPoolSize is the length of the shared text pool. Comments are random
// substrings of it, as in the reference generator.
const textPoolSize = 8 << 20

var (
	poolOnce sync.Once
	pool     string
)

// textPool returns the shared text pool, building it on first use. It is a
// deterministic sequence of grammar sentences separated by single spaces.
func textPool() string {
	poolOnce.Do(func() {
		r := rng{s: 0x5eed7e47}
		b := make([]byte, 0, textPoolSize+256)
		for len(b) < textPoolSize {
			b = appendSentence(b, &r)
			b = append(b, ' ')
		}
		pool = string(b[:textPoolSize])
	})
	return pool
}

func appendSentence(b []byte, r *rng) []byte {
	form := sentences.pick(r)
	for i := 0; i < len(form); i++ {
		if i > 0 && form[i] != 'T' {
			b = append(b, ' ')
		}
		switch form[i] {
		case 'N':
			b = appendPhrase(b, nounPhrases.pick(r), r)
		case 'V':
			b = appendPhrase(b, verbPhrases.pick(r), r)
		case 'P':
			b = append(b, prepositions.pick(r)...)
			b = append(b, " the "...)
			b = appendPhrase(b, nounPhrases.pick(r), r)
		case 'T':
			b = append(b, terminators.pick(r)...)
		}
	}
	return b
}

func appendPhrase(b []byte, form string, r *rng) []byte {
	for i := 0; i < len(form); i++ {
		switch form[i] {
		case ',':
			b = append(b, ", "...)
			continue
		case 'J':
			b = append(b, adjectives.pick(r)...)
		case 'D':
			b = append(b, adverbs.pick(r)...)
		case 'X':
			b = append(b, auxiliaries.pick(r)...)
		case 'n':
			b = append(b, nouns.pick(r)...)
		case 'v':
			b = append(b, verbs.pick(r)...)
		}
		if i+1 < len(form) && form[i+1] != ',' {
			b = append(b, ' ')
		}
	}
	return b
}

// text returns a random text string [min, max] (clause 4.2.2.10): a
// substring of the text pool with a uniformly chosen length and offset.
func text(r *rng, min, max int) string {
	p := textPool()
	n := int(r.intn(int64(min), int64(max)))
	off := r.idx(len(p) - n)
	return p[off : off+n]
}

// vAlphabet holds the 64 characters of random v-strings (clause 4.2.2.7).
const vAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789, "

// vstring returns a random v-string [min, max]: uniform length, uniform
// characters from vAlphabet.
func vstring(r *rng, min, max int) string {
	n := int(r.intn(int64(min), int64(max)))
	b := make([]byte, n)
	for i := range b {
		b[i] = vAlphabet[r.next()>>58]
	}
	return string(b)
}
