//go:build !linux

package simd

import "time"

func threadCPUTime() (time.Duration, bool) { return 0, false }
