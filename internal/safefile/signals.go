package safefile

import (
	"math/rand/v2"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// Named temporary files alive in this process are removed on SIGINT and
// SIGTERM. The handler is in place only while there are some (on Linux,
// the moment between naming a finished file and renaming it), so the
// program's own signal handling is left alone the rest of the time.
// Removal is best effort: another handler of the same signal may end the
// process first, which is why Linux writes unnamed files to begin with.
var (
	liveMu sync.Mutex
	live   = map[string]bool{}
	sigCh  chan os.Signal
	sigEnd chan struct{}
)

func track(name string) {
	liveMu.Lock()
	defer liveMu.Unlock()
	live[name] = true
	if len(live) == 1 {
		watchSignals()
	}
}

func untrack(name string) {
	liveMu.Lock()
	defer liveMu.Unlock()
	if !live[name] {
		return
	}
	delete(live, name)
	if len(live) == 0 {
		unwatchSignals()
	}
}

// RemoveTemps removes every temporary file this package has not finished
// with.
func RemoveTemps() {
	liveMu.Lock()
	defer liveMu.Unlock()
	for name := range live {
		os.Remove(name)
		delete(live, name)
	}
	unwatchSignals()
}

// watchSignals starts the handler (liveMu held). On a signal it removes
// the files, steps aside and raises the signal again, so that it does
// what it would have done without this package.
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
	c, end := make(chan os.Signal, 1), make(chan struct{})
	sigCh, sigEnd = c, end
	signal.Notify(c, sigs...)
	go func() {
		select {
		case s := <-c:
			RemoveTemps()
			if p, err := os.FindProcess(os.Getpid()); err != nil || p.Signal(s) != nil {
				os.Exit(1)
			}
		case <-end:
		}
	}()
}

// unwatchSignals stops the handler (liveMu held).
func unwatchSignals() {
	if sigCh == nil {
		return
	}
	signal.Stop(sigCh)
	close(sigEnd)
	sigCh, sigEnd = nil, nil
}

func randUint() uint32 { return rand.Uint32() }
