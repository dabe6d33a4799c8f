package safefile

import (
	"math/rand/v2"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// Named temporary files alive in this process, removed on SIGINT and
// SIGTERM. Removing them is best effort: the process may be ended by
// another handler of the same signal first, which is why Linux writes
// unnamed files in the first place.
var (
	liveMu  sync.Mutex
	live    = map[string]bool{}
	watchMu sync.Once
)

func track(name string) {
	watchMu.Do(watchSignals)
	liveMu.Lock()
	live[name] = true
	liveMu.Unlock()
}

func untrack(name string) {
	liveMu.Lock()
	delete(live, name)
	liveMu.Unlock()
}

// RemoveTemps removes every temporary file this package has not finished
// with. Signal handlers that end the process call it first.
func RemoveTemps() {
	liveMu.Lock()
	defer liveMu.Unlock()
	for name := range live {
		os.Remove(name)
		delete(live, name)
	}
}

// watchSignals removes the temporary files on SIGINT or SIGTERM, then
// lets the signal do what it would have done without this package: the
// handler steps aside and the signal is raised again.
func watchSignals() {
	var sigs []os.Signal
	for _, s := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		if !signal.Ignored(s) {
			sigs = append(sigs, s)
		}
	}
	if len(sigs) == 0 {
		return
	}
	c := make(chan os.Signal, 1)
	signal.Notify(c, sigs...)
	go func() {
		s := <-c
		RemoveTemps()
		signal.Stop(c)
		if p, err := os.FindProcess(os.Getpid()); err != nil || p.Signal(s) != nil {
			os.Exit(1)
		}
	}()
}

func randUint() uint32 { return rand.Uint32() }
