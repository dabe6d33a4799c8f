//go:build !linux

package vault

// hugePages is Linux's transparent huge pages; elsewhere nothing.
func hugePages(p uintptr, n int) {}

// hugeKDFMemory is Linux's advice for the KDF's memory; elsewhere nothing.
func hugeKDFMemory(n int) {}
