package letter

import (
	"strconv"
	"strings"
)

// Error is a template that does not parse or does not run. Its message
// keeps text/template's own ("letter template NAME: template: NAME:3: …");
// Line is that line, for a front end that points at it.
type Error struct {
	Name string
	Line int // 1-based; 0 if the message names none
	Err  error
}

func (e *Error) Error() string { return "letter template " + e.Name + ": " + e.Err.Error() }

// Unwrap returns text/template's error.
func (e *Error) Unwrap() error { return e.Err }

// templateError wraps a text/template error and finds its line: the
// number after "NAME:" in "template: NAME:LINE: …" or "NAME:LINE:COL: …".
func templateError(name string, err error) *Error {
	e := &Error{Name: name, Err: err}
	msg := err.Error()
	if i := strings.Index(msg, name+":"); i >= 0 {
		rest := msg[i+len(name)+1:]
		j := 0
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if n, err := strconv.Atoi(rest[:j]); err == nil {
			e.Line = n
		}
	}
	return e
}
