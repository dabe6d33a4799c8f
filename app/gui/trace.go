package gui

import (
	"fmt"
	"io"
	"os"
	"time"
)

// TraceEnv names the environment variable that makes the GUI print timing
// events on stderr, one line each: "trace UNIX-MILLIS EVENT DETAILS". The
// GUI timing script (bench/gui) reads them to measure cold start, unlock and
// search against their targets. Off by default; the lines hold no secrets,
// only counts and durations.
const TraceEnv = "BEIANLEDGER_TRACE"

// traceOut receives trace lines; nil when tracing is off.
var traceOut io.Writer

func init() {
	if os.Getenv(TraceEnv) != "" {
		traceOut = os.Stderr
	}
}

// trace prints one timing event when tracing is on.
func trace(event, format string, args ...any) {
	if traceOut == nil {
		return
	}
	fmt.Fprintf(traceOut, "trace %d %s %s\n", time.Now().UnixMilli(), event, fmt.Sprintf(format, args...))
}

// screenName names the screen the window shows, for the trace.
func (u *ui) screenName() string {
	switch {
	case u.main != nil:
		return "main"
	case u.unlock != nil:
		return "unlock"
	case u.start != nil:
		return "start"
	}
	return "none"
}
