package gui

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// TraceEnv names the environment variable that makes the GUI print timing
// events on stderr, one line each: "trace UNIX-MILLIS EVENT DETAILS". The
// GUI timing script (bench/gui) reads them to measure cold start, unlock and
// search against their targets. Off by default; the lines hold no secrets,
// only counts and durations.
const TraceEnv = "BEIANLEDGER_TRACE"

// traceOut receives trace lines; nil when tracing is off. traceMu keeps
// lines whole: they come from Fyne's goroutine and from workers.
var (
	traceOut io.Writer
	traceMu  sync.Mutex
)

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
	line := fmt.Sprintf("trace %d %s %s\n", time.Now().UnixMilli(), event, fmt.Sprintf(format, args...))
	traceMu.Lock()
	defer traceMu.Unlock()
	io.WriteString(traceOut, line)
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

// The real-window test (scripts/trust-test) finds widgets by name rather
// than at fixed spots: traceWhere names a widget, and while tracing is on
// the window's pixel rectangle of every named widget that is on screen is
// printed when it first shows and whenever it moves or another widget takes
// the name ("trace N where name=NAME x=… y=… w=… h=…"), and the focused
// widget's name whenever focus moves ("trace N focus name=NAME"; a widget
// without a name is named by its type).
var whereState struct {
	sync.Mutex
	once  sync.Once
	named map[string]fyne.CanvasObject
	names map[fyne.CanvasObject]string
}

// whereTick is how often the named widgets' positions are looked at.
const whereTick = 50 * time.Millisecond

// whereOn reports whether widgets are watched: only in a real window with
// tracing asked for in the environment (a test that collects trace lines
// in a buffer runs on the test driver, where Fyne's work is not on one
// goroutine and the watcher would walk the widgets while the test does).
var whereOn = os.Getenv(TraceEnv) != ""

// traceWhere names o for the real-window test. Without tracing it does
// nothing.
func traceWhere(name string, o fyne.CanvasObject) {
	if traceOut == nil || !whereOn || o == nil {
		return
	}
	w := &whereState
	w.Lock()
	if w.named == nil {
		w.named = map[string]fyne.CanvasObject{}
		w.names = map[fyne.CanvasObject]string{}
	}
	if old := w.named[name]; old != nil && w.names[old] == name {
		delete(w.names, old)
	}
	w.named[name] = o
	w.names[o] = name
	w.Unlock()
	w.once.Do(func() { go watchWhere() })
}

// watchWhere prints the named widgets' rectangles and the focus as they
// change, looking on Fyne's goroutine every whereTick.
func watchWhere() {
	type rect struct {
		o          fyne.CanvasObject
		x, y, w, h int
	}
	last := map[string]rect{}
	var lastFocus fyne.Focusable // a new widget of the same name counts as a move
	for range time.Tick(whereTick) {
		fyne.DoAndWait(func() {
			a := fyne.CurrentApp()
			if a == nil {
				return
			}
			drv := a.Driver()
			w := &whereState
			w.Lock()
			named := make(map[string]fyne.CanvasObject, len(w.named))
			for k, v := range w.named {
				named[k] = v
			}
			w.Unlock()
			for name, o := range named {
				c := drv.CanvasForObject(o)
				if c == nil || !o.Visible() {
					delete(last, name)
					continue
				}
				p := drv.AbsolutePositionForObject(o)
				if p.IsZero() {
					delete(last, name)
					continue
				}
				s, sz := c.Scale(), o.Size()
				r := rect{o, int(p.X * s), int(p.Y * s), int(sz.Width * s), int(sz.Height * s)}
				if r.w <= 0 || r.h <= 0 || last[name] == r {
					continue
				}
				last[name] = r
				trace("where", "name=%s x=%d y=%d w=%d h=%d", name, r.x, r.y, r.w, r.h)
			}
			for _, win := range drv.AllWindows() {
				f := win.Canvas().Focused()
				if f == nil {
					continue
				}
				w.Lock()
				name, ok := "", false
				if o, isObj := f.(fyne.CanvasObject); isObj {
					name, ok = w.names[o]
				}
				w.Unlock()
				if !ok {
					name = fmt.Sprintf("%T", f)
				}
				if f != lastFocus {
					lastFocus = f
					trace("focus", "name=%s", name)
				}
				break
			}
		})
	}
}
