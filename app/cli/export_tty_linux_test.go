package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal: the controlling side and the terminal
// a program writes to.
func openPTY(t *testing.T) (ctl, tty *os.File) {
	t.Helper()
	ctl, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { ctl.Close() })
	if err := unix.IoctlSetPointerInt(int(ctl.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetInt(int(ctl.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Skipf("ptsname: %v", err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open the terminal: %v", err)
	}
	t.Cleanup(func() { tty.Close() })
	return ctl, tty
}

// A workbook is binary: it is not written onto a terminal, and the vault
// is not even opened for it. CSV and JSON are text and go through.
func TestExportXLSXRefusesATerminal(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "v.beianvault")
	env := []string{"BEIANLEDGER_PASSWORD=pw", "BEIANLEDGER_VAULT=" + vp}
	expect(t, runCLI(t, env, append([]string{"demo", "--out", vp, "--sites", "3"}, cheap...)...), 0, "demo")
	run := func(format string) (int, string) {
		_, tty := openPTY(t)
		cmd := exec.Command(os.Args[0], "export", "--format", format, "--out", "-")
		cmd.Dir = dir // a build that took - for a file name writes it there
		cmd.Env = childEnv(env)
		var se bytes.Buffer
		cmd.Stdout, cmd.Stderr = tty, &se
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), se.String()
		} else if err != nil {
			t.Fatal(err)
		}
		return 0, se.String()
	}
	code, stderr := run("xlsx")
	if code != ExitUsage || !strings.Contains(stderr, "不输出到终端") || !strings.Contains(stderr, "not written to a terminal") {
		t.Errorf("xlsx onto a terminal: exit %d, %s", code, stderr)
	}
	if code, stderr := run("csv"); code != 0 {
		t.Errorf("csv onto a terminal: exit %d, %s", code, stderr)
	}
}
