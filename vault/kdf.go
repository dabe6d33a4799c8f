package vault

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"
)

// KDFParams are the Argon2id work factors of a passphrase slot.
type KDFParams struct {
	Time    uint32 // passes over memory
	Memory  uint32 // KiB
	Threads uint8
}

// Limits on Argon2id parameters.
//
// The ceiling is checked on every slot read from a file before any KDF runs,
// so a hostile file cannot make us allocate gigabytes or spin for hours. The
// floor is what calibration never goes below; explicit lower values are
// allowed (tests, benchmarks) but reported by BelowFloor.
const (
	MaxKDFMemoryKiB = 1 << 20 // 1 GiB (calibration stops at 256 MiB)
	MaxKDFTime      = 64
	MaxKDFThreads   = 16
	// MaxKDFWork bounds memory×passes (KiB·passes) of one slot: 1 GiB×4
	// or 256 MiB×16.
	MaxKDFWork = 4 << 20
	// MaxKDFTotalWork bounds the sum over all passphrase slots of a file:
	// a wrong passphrase is tried against each of them, so a forged header
	// must not multiply the work by 64 slots.
	MaxKDFTotalWork = 8 << 20

	MinKDFMemoryKiB = 8 // argon2 needs at least 8 KiB per lane; checked per thread below

	FloorKDFMemoryKiB = 64 << 10 // 64 MiB
	FloorKDFTime      = 2
)

// TestKDF is the explicit low-cost setting for tests and benchmarks (about
// 4 ms). It is never a default: callers must pass it on purpose.
var TestKDF = KDFParams{Time: 1, Memory: 8 << 10, Threads: 1}

// Check reports whether p is within the ceiling and large enough for
// Argon2id to run at all. It runs no KDF.
func (p KDFParams) Check() error {
	switch {
	case p.Time < 1 || p.Time > MaxKDFTime:
		return fmt.Errorf("%w: %d passes (allowed 1–%d)", ErrHostileKDF, p.Time, MaxKDFTime)
	case p.Threads < 1 || p.Threads > MaxKDFThreads:
		return fmt.Errorf("%w: %d threads (allowed 1–%d)", ErrHostileKDF, p.Threads, MaxKDFThreads)
	case p.Memory < MinKDFMemoryKiB*uint32(p.Threads) || p.Memory > MaxKDFMemoryKiB:
		return fmt.Errorf("%w: %d KiB of memory (allowed %d KiB–%d MiB)", ErrHostileKDF, p.Memory, MinKDFMemoryKiB*uint32(p.Threads), MaxKDFMemoryKiB>>10)
	case uint64(p.Memory)*uint64(p.Time) > MaxKDFWork:
		return fmt.Errorf("%w: %d MiB × %d passes is too much work", ErrHostileKDF, p.Memory>>10, p.Time)
	}
	return nil
}

// BelowFloor reports whether p is cheaper than the recommended floor.
func (p KDFParams) BelowFloor() bool {
	return p.Memory < FloorKDFMemoryKiB || p.Time < FloorKDFTime
}

// String describes p for humans.
func (p KDFParams) String() string {
	return fmt.Sprintf("Argon2id t=%d m=%d MiB p=%d", p.Time, p.Memory>>10, p.Threads)
}

// derivations counts the Argon2id runs of this process, so tests can tell
// that a header was refused before any work was done.
var derivations atomic.Int64

// derive runs Argon2id. The caller must have called Check.
func (p KDFParams) derive(pass, salt []byte) []byte {
	derivations.Add(1)
	hugeHeap(int(p.Memory) << 10)
	return argon2.IDKey(pass, salt, p.Time, p.Memory, p.Threads, 32)
}

// Calibrate picks Argon2id parameters that take roughly target (clamped to
// 0.5–1 s) on this machine, never below the floor (64 MiB, 2 passes) and
// never above the ceiling. Memory grows first (it is what hurts attackers
// most), then passes. It measures warm calls: the first call of a process
// pays for fresh pages and would mislead.
func Calibrate(target time.Duration) KDFParams {
	if target < 500*time.Millisecond {
		target = 500 * time.Millisecond
	}
	if target > time.Second {
		target = time.Second
	}
	threads := runtime.NumCPU()
	if threads > 4 {
		threads = 4
	}
	p := KDFParams{Time: FloorKDFTime, Memory: FloorKDFMemoryKiB, Threads: uint8(threads)}
	salt := make([]byte, 16)
	// The first call on fresh memory is several times slower than later
	// ones (page faults); take the best of three runs.
	measure := func(q KDFParams) time.Duration {
		best := time.Duration(1<<63 - 1)
		for i := 0; i < 3; i++ {
			start := time.Now()
			q.derive([]byte("calibration"), salt)
			best = min(best, time.Since(start))
		}
		return best
	}
	d := measure(p)
	// Grow memory (what hurts attackers most) while a doubling stays well
	// under the target, up to 256 MiB so modest office PCs cope.
	for d*2 <= target*3/5 && p.Memory*2 <= 256<<10 {
		p.Memory *= 2
		d = measure(p)
	}
	// Then add passes, estimating linearly, to land near the target.
	if per := d / time.Duration(p.Time); per > 0 {
		if t := uint32(target / per); t > p.Time {
			p.Time = t
		}
	}
	for p.Check() != nil && p.Time > FloorKDFTime {
		p.Time--
	}
	return p
}
