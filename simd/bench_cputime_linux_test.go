package simd

import (
	"syscall"
	"time"
	"unsafe"
)

// threadCPUTime returns the calling thread's CPU time
// (CLOCK_THREAD_CPUTIME_ID); the caller holds runtime.LockOSThread.
func threadCPUTime() (time.Duration, bool) {
	const clockThreadCPUTimeID = 3
	var ts syscall.Timespec
	_, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano()), e == 0
}
