//go:build !linux

package vault

// hugePages is Linux's transparent huge pages; elsewhere nothing.
func hugePages(p uintptr, n int) {}
