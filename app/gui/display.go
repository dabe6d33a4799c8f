package gui

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// errNoDisplay is returned instead of letting the toolkit panic when there
// is no graphical session (a server, SSH, cron).
var errNoDisplay = errors.New("no graphical display: the desktop app needs a desktop session (the command line works without one: beianledger --help)")

// checkDisplay verifies that a local X display can be reached before the
// toolkit starts. A Wayland session, or a remote or unusual DISPLAY, is left
// to the toolkit.
func checkDisplay(display, wayland string, dial func(network, addr string) error) error {
	if display == "" {
		if wayland != "" {
			return nil
		}
		return errNoDisplay
	}
	if !strings.HasPrefix(display, ":") {
		return nil // host:N — remote; the toolkit will tell
	}
	n := strings.TrimPrefix(display, ":")
	if i := strings.IndexByte(n, '.'); i >= 0 {
		n = n[:i]
	}
	if n == "" || strings.Trim(n, "0123456789") != "" {
		return nil
	}
	// libX11 tries the abstract socket first, then the file.
	for _, addr := range []string{"@/tmp/.X11-unix/X" + n, "/tmp/.X11-unix/X" + n} {
		if dial("unix", addr) == nil {
			return nil
		}
	}
	if wayland != "" {
		return nil
	}
	return fmt.Errorf("%w (DISPLAY=%s does not answer)", errNoDisplay, display)
}

func dialX(network, addr string) error {
	c, err := net.DialTimeout(network, addr, 2*time.Second)
	if err != nil {
		return err
	}
	return c.Close()
}
