package parquet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"

	"github.com/lhsql/lhsql/vector"
	"github.com/parquet-go/parquet-go/encoding"
)

// julianEpoch is the Julian day number of 1970-01-01.
const julianEpoch = 2440588

var errDecimalRange = errors.New("DECIMAL value does not fit in 64 bits")

// int64s converts dense physical values to int64 for the column's
// conversion, reusing scratch when a copy is needed. For INT64 columns
// without scaling it returns a view of the page memory.
func int64s(c *colInfo, v encoding.Values, n int, scratch []int64) ([]int64, error) {
	switch c.conv {
	case cvInt64:
		src := v.Int64()
		if len(src) < n {
			return nil, errShort(n, len(src))
		}
		src = src[:n]
		if c.mul == 1 && c.div == 1 {
			return src, nil
		}
		dst := grow(scratch, n)
		switch {
		case c.div != 1:
			d := c.div
			for i, x := range src {
				dst[i] = x / d
			}
		default:
			m := c.mul
			for i, x := range src {
				dst[i] = x * m
			}
		}
		return dst, nil
	case cvInt32:
		src := v.Int32()
		if len(src) < n {
			return nil, errShort(n, len(src))
		}
		src = src[:n]
		dst := grow(scratch, n)
		if m := c.mul; m != 1 {
			for i, x := range src {
				dst[i] = int64(x) * m
			}
		} else {
			for i, x := range src {
				dst[i] = int64(x)
			}
		}
		return dst, nil
	case cvUint32:
		src := v.Uint32()
		if len(src) < n {
			return nil, errShort(n, len(src))
		}
		dst := grow(scratch, n)
		for i, x := range src[:n] {
			dst[i] = int64(x)
		}
		return dst, nil
	case cvInt96:
		src := v.Int96()
		if len(src) < n {
			return nil, errShort(n, len(src))
		}
		dst := grow(scratch, n)
		for i, x := range src[:n] {
			nanos := int64(uint64(x[1])<<32 | uint64(x[0]))
			days := int64(int32(x[2])) - julianEpoch
			dst[i] = days*vector.MicrosPerDay + nanos/1000
		}
		return dst, nil
	case cvDecBytes:
		data, offs := v.ByteArray()
		if len(offs) < n+1 {
			return nil, errShort(n, len(offs)-1)
		}
		dst := grow(scratch, n)
		for i := 0; i < n; i++ {
			lo, hi := offs[i], offs[i+1]
			if lo > hi || int(hi) > len(data) {
				return nil, fmt.Errorf("corrupt byte array offsets")
			}
			x, err := decodeBigEndian(data[lo:hi])
			if err != nil {
				return nil, err
			}
			dst[i] = x
		}
		return dst, nil
	case cvDecFixed:
		data, size := v.FixedLenByteArray()
		if size <= 0 || len(data)/size < n {
			return nil, errShort(n, len(data)/max(size, 1))
		}
		dst := grow(scratch, n)
		for i := 0; i < n; i++ {
			x, err := decodeBigEndian(data[i*size : (i+1)*size])
			if err != nil {
				return nil, err
			}
			dst[i] = x
		}
		return dst, nil
	}
	return nil, fmt.Errorf("internal error: conversion %d does not produce integers", c.conv)
}

// float64s converts dense FLOAT/DOUBLE/FLOAT16 values to float64.
func float64s(c *colInfo, v encoding.Values, n int, scratch []float64) ([]float64, error) {
	switch c.conv {
	case cvDouble:
		src := v.Double()
		if len(src) < n {
			return nil, errShort(n, len(src))
		}
		return src[:n], nil
	case cvFloat:
		src := v.Float()
		if len(src) < n {
			return nil, errShort(n, len(src))
		}
		dst := grow(scratch, n)
		for i, x := range src[:n] {
			dst[i] = float64(x)
		}
		return dst, nil
	case cvFloat16:
		data, size := v.FixedLenByteArray()
		if size != 2 || len(data)/2 < n {
			return nil, errShort(n, len(data)/2)
		}
		dst := grow(scratch, n)
		for i := 0; i < n; i++ {
			dst[i] = halfToFloat(binary.LittleEndian.Uint16(data[2*i:]))
		}
		return dst, nil
	}
	return nil, fmt.Errorf("internal error: conversion %d does not produce floats", c.conv)
}

// strs converts dense values to Go strings. All strings share one backing
// allocation.
func strs(c *colInfo, v encoding.Values, n int) ([]string, error) {
	out := make([]string, n)
	switch c.conv {
	case cvBytes:
		data, offs := v.ByteArray()
		if len(offs) < n+1 {
			return nil, errShort(n, len(offs)-1)
		}
		s := string(data)
		for i := 0; i < n; i++ {
			lo, hi := offs[i], offs[i+1]
			if lo > hi || int(hi) > len(s) {
				return nil, fmt.Errorf("corrupt byte array offsets")
			}
			out[i] = s[lo:hi]
		}
	case cvFixed:
		data, size := v.FixedLenByteArray()
		if size <= 0 || len(data)/size < n {
			return nil, errShort(n, len(data)/max(size, 1))
		}
		s := string(data[:n*size])
		for i := 0; i < n; i++ {
			out[i] = s[i*size : (i+1)*size]
		}
	case cvUUID:
		data, size := v.FixedLenByteArray()
		if size != 16 || len(data)/16 < n {
			return nil, errShort(n, len(data)/16)
		}
		buf := make([]byte, 36*n)
		for i := 0; i < n; i++ {
			formatUUID(buf[36*i:36*i+36], data[16*i:16*i+16])
		}
		s := unsafe.String(unsafe.SliceData(buf), len(buf))
		for i := 0; i < n; i++ {
			out[i] = s[36*i : 36*i+36]
		}
	default:
		return nil, fmt.Errorf("internal error: conversion %d does not produce strings", c.conv)
	}
	return out, nil
}

// bools expands dense bit-packed booleans.
func bools(v encoding.Values, n int, scratch []bool) ([]bool, error) {
	bits := v.Boolean()
	if len(bits)*8 < n {
		return nil, errShort(n, len(bits)*8)
	}
	dst := scratchBools(scratch, n)
	for i := range dst {
		dst[i] = bits[i>>3]>>(uint(i)&7)&1 != 0
	}
	return dst, nil
}

// intervals decodes INTERVAL values (months, days, milliseconds).
func intervals(v encoding.Values, n int) ([]vector.Interval, error) {
	data, size := v.FixedLenByteArray()
	if size != 12 || len(data)/12 < n {
		return nil, errShort(n, len(data)/12)
	}
	out := make([]vector.Interval, n)
	for i := range out {
		b := data[12*i:]
		out[i] = vector.Interval{
			Months: int32(binary.LittleEndian.Uint32(b)),
			Days:   int32(binary.LittleEndian.Uint32(b[4:])),
			Micros: int64(binary.LittleEndian.Uint32(b[8:])) * 1000,
		}
	}
	return out, nil
}

func errShort(want, got int) error {
	return fmt.Errorf("page holds %d values, expected %d", got, want)
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

func scratchBools(s []bool, n int) []bool { return grow(s, n) }

// decodeBigEndian decodes a big-endian two's complement integer of any
// length into an int64.
func decodeBigEndian(b []byte) (int64, error) {
	if len(b) == 0 {
		return 0, nil
	}
	neg := b[0]&0x80 != 0
	if len(b) > 8 {
		ext := byte(0)
		if neg {
			ext = 0xff
		}
		for _, x := range b[:len(b)-8] {
			if x != ext {
				return 0, errDecimalRange
			}
		}
		b = b[len(b)-8:]
		if (b[0]&0x80 != 0) != neg {
			return 0, errDecimalRange
		}
	}
	var u uint64
	if neg {
		u = ^uint64(0)
	}
	for _, x := range b {
		u = u<<8 | uint64(x)
	}
	return int64(u), nil
}

func formatUUID(dst, b []byte) {
	const hex = "0123456789abcdef"
	j := 0
	for i := 0; i < 16; i++ {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			dst[j] = '-'
			j++
		}
		dst[j] = hex[b[i]>>4]
		dst[j+1] = hex[b[i]&15]
		j += 2
	}
}

// halfToFloat converts an IEEE 754 binary16 value.
func halfToFloat(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h>>10) & 0x1f
	frac := float64(h & 0x3ff)
	switch exp {
	case 0:
		return sign * math.Ldexp(frac, -24)
	case 31:
		if frac == 0 {
			return math.Inf(int(sign))
		}
		return math.NaN()
	}
	return sign * math.Ldexp(1+frac/1024, exp-15)
}
