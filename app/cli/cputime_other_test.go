//go:build !unix

package cli

import "time"

// cpuTime is not measured here: the benchmark then reports 0 CPU time.
func cpuTime() time.Duration { return 0 }
