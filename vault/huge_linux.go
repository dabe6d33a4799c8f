package vault

import (
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
)

// hugePages asks the kernel to back the 2 MiB-aligned part of [p, p+n)
// with transparent huge pages (MADV_HUGEPAGE) before it is first written.
// Fresh memory is made resident one 4 KiB page fault at a time; a 37 MB
// image took about 0.1 s of faults on a test machine, 5–30 ms in huge
// pages. Where the kernel does not allow it, nothing changes.
func hugePages(p uintptr, n int) {
	const huge = 2 << 20
	start := (p + huge - 1) &^ (huge - 1)
	end := (p + uintptr(n)) &^ (huge - 1)
	if end <= start {
		return
	}
	syscall.Syscall(syscall.SYS_MADVISE, start, end-start, 14 /* MADV_HUGEPAGE */)
}

// heapOnce advises a heap range once a process: later allocations reuse
// the same freed range.
var heapOnce sync.Once

// expectedHeap is what the Go heap is expected to grow by once a vault is
// open: set from the file's size before its key is derived.
var expectedHeap atomic.Int64

// expectHeap records that a vault file of size bytes is being opened:
// reading its tables, the reminders and the records a command writes out
// grow the heap by up to about twice the file (due --json at 10,000 sites:
// 76 MiB for a 41 MB file).
func expectHeap(size int64) { expectedHeap.Store(2 * size) }

// hugeHeap makes the next n bytes the Go heap grows by likely to be huge
// pages, once a process: a block of n bytes is allocated (fresh from the
// system, so not yet touched), advised and freed, and the allocations that
// follow take the same range, the lowest free. It is called with
// Argon2id's memory, which the KDF allocates itself in one block right
// after, or the heap a vault of this size is expected to need if that is
// more: at 64 MiB for the KDF that is 16,384 page faults fewer (0.1–0.15 s
// of system time on a test machine) and half the KDF's own time (fewer TLB
// misses); `due --json` at 10,000 sites, whose rows and reminders grow the
// heap by 76 MiB, made 25,000 page faults, 6,800 in the advised range.
// Where the range is not reused, nothing changes but one collection.
func hugeHeap(n int) {
	n = max(n, int(expectedHeap.Load()))
	if n < 32<<20 {
		return
	}
	heapOnce.Do(func() {
		b := make([]byte, n+2<<20)
		adviseHuge(b)
		runtime.KeepAlive(b)
		runtime.GC()
	})
}
