//go:build !linux

package vault

// hugePages is Linux's transparent huge pages; elsewhere nothing.
func hugePages(p uintptr, n int) {}

// hugeHeap is Linux's advice for the KDF's memory and the heap; elsewhere
// nothing.
func hugeHeap(n int) {}

// expectHeap feeds hugeHeap; elsewhere nothing.
func expectHeap(size int64) {}
