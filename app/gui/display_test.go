package gui

import (
	"errors"
	"testing"
)

func TestCheckDisplay(t *testing.T) {
	up := map[string]bool{"@/tmp/.X11-unix/X5": true, "/tmp/.X11-unix/X7": true}
	dial := func(_, addr string) error {
		if up[addr] {
			return nil
		}
		return errors.New("refused")
	}
	for _, c := range []struct {
		display, wayland string
		ok               bool
	}{
		{"", "", false},
		{"", "wayland-0", true},
		{":5", "", true},
		{":5.0", "", true},
		{":7", "", true},
		{":9", "", false},
		{":9", "wayland-0", true},
		{"remote:0", "", true},
		{":weird", "", true},
	} {
		err := checkDisplay(c.display, c.wayland, dial)
		if (err == nil) != c.ok || (err != nil && !errors.Is(err, errNoDisplay)) {
			t.Errorf("DISPLAY=%q WAYLAND=%q: %v", c.display, c.wayland, err)
		}
	}
}
