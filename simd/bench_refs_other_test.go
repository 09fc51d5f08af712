//go:build noasm || !amd64

package simd

// readRefs returns the read-bandwidth references: the portable Go loop.
func readRefs() []readRef { return []readRef{{"go", readGo}} }
