package gui

import (
	"io"
	"testing"
)

func TestParseDrive(t *testing.T) {
	if d, err := parseDrive(""); d != nil || err != nil {
		t.Fatalf("unset: %v %v", d, err)
	}
	old := traceOut
	defer func() { traceOut = old }()
	traceOut = nil
	if _, err := parseDrive("200:1"); err == nil {
		t.Fatal("driving without trace lines was accepted")
	}
	traceOut = io.Discard
	for _, bad := range []string{"x", "0:1", "-3", "200:x", "100001"} {
		if _, err := parseDrive(bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
	d, err := parseDrive(" 200:7 ")
	if err != nil || d.n != 200 || d.seed != 7 {
		t.Fatalf("200:7: %+v %v", d, err)
	}
	if d, _ := parseDrive("5"); d.n != 5 || d.seed != 1 {
		t.Fatalf("5: %+v", d)
	}
}
