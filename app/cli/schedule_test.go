package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestScheduleInstallRunRemove(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("systemd user timers are Linux's")
	}
	dir := t.TempDir()
	vp := filepath.Join(dir, "备案 台账.beianvault") // a space and Chinese in the path
	cfg := filepath.Join(dir, "config")
	base := []string{"BEIANLEDGER_VAULT=" + vp, "XDG_CONFIG_HOME=" + cfg, "BEIANLEDGER_STATE_DIR=" + filepath.Join(dir, "state")}
	admin := append([]string{"BEIANLEDGER_PASSWORD=admin-pass"}, base...)
	expect(t, runCLI(t, admin, append([]string{"init"}, cheap...)...), 0, "init")

	expect(t, runCLI(t, admin, "schedule", "install", "--time", "25:00"), 2, "bad time")
	r := runCLI(t, admin, "schedule", "install", "--time", "08:37", "--dry-run")
	expect(t, r, 0, "schedule install")
	units, _ := filepath.Glob(filepath.Join(cfg, "systemd", "user", "beianledger-notify-*"))
	keys, _ := filepath.Glob(filepath.Join(cfg, "beianledger", "scheduler-*.key"))
	if len(units) != 2 || len(keys) != 1 {
		t.Fatalf("units %v keys %v\n%s", units, keys, r.stdout)
	}
	if fi, _ := os.Stat(keys[0]); fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v", fi.Mode())
	}
	svc, _ := os.ReadFile(units[0])
	if !strings.Contains(string(svc), "--recovery-key-file") || strings.Contains(string(svc), "admin-pass") {
		t.Errorf("service:\n%s", svc)
	}
	timer, _ := os.ReadFile(units[1])
	if !strings.Contains(string(timer), "OnCalendar=*-*-* 08:37:00") {
		t.Errorf("timer:\n%s", timer)
	}
	// systemd itself accepts the units.
	if _, err := exec.LookPath("systemd-analyze"); err == nil {
		out, err := exec.Command("systemd-analyze", "verify", units[0], units[1]).CombinedOutput()
		if err != nil {
			t.Errorf("systemd-analyze verify: %v\n%s", err, out)
		}
	}
	r = runCLI(t, admin, "access", "list", "--json")
	if !strings.Contains(r.stdout, "scheduler@") {
		t.Errorf("no scheduler slot: %s", r.stdout)
	}
	expect(t, runCLI(t, admin, "schedule", "install"), 1, "install twice")

	// The unattended run needs no passphrase: exactly the unit's command.
	run := []string{"notify", "--recovery-key-file", keys[0]}
	r = runCLI(t, base, run...)
	expect(t, r, 2, "unattended run with no channel yet") // opened, then: no channel
	if !strings.Contains(r.stderr, "channel add") {
		t.Errorf("%s", r.stderr)
	}
	r = runCLI(t, admin, "schedule", "status")
	expect(t, r, 0, "status")
	if !strings.Contains(r.stdout, "scheduler@") {
		t.Errorf("status: %s", r.stdout)
	}

	keyText, _ := os.ReadFile(keys[0])
	expect(t, runCLI(t, admin, "schedule", "remove", "--dry-run"), 0, "remove")
	if units, _ := filepath.Glob(filepath.Join(cfg, "systemd", "user", "beianledger-notify-*")); len(units) != 0 {
		t.Errorf("units left: %v", units)
	}
	if _, err := os.Stat(keys[0]); err == nil {
		t.Error("key file left")
	}
	r = runCLI(t, admin, "access", "list", "--json")
	if strings.Contains(r.stdout, "scheduler@") {
		t.Errorf("slot left: %s", r.stdout)
	}
	// A copy of the key kept elsewhere no longer opens the vault: exit 3.
	old := filepath.Join(dir, "kept.key")
	os.WriteFile(old, keyText, 0o600)
	expect(t, runCLI(t, base, "notify", "--recovery-key-file", old), 3, "revoked scheduler key")
}
