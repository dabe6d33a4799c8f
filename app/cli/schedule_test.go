package cli

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
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
	r := runCLI(t, admin, "schedule", "install", "--time", "08:37", "--dry-run", "--key-store", "file")
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
	expect(t, runCLI(t, admin, "schedule", "install", "--key-store", "file"), 1, "install twice")

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

// TestScheduleLaunchd writes the macOS launchd agent (as on a Mac, with
// --dry-run so nothing is loaded here) and reads it back with Python's
// plistlib, a real property-list reader, and encoding/xml.
func TestScheduleLaunchd(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "备案 & <台账>.beianvault") // characters XML must escape
	home := filepath.Join(dir, "home")
	env := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=admin-pass", "HOME=" + home}
	expect(t, runCLI(t, env, append([]string{"init"}, cheap...)...), 0, "init")
	run := func(args ...string) result {
		var out, errb strings.Builder
		get := func(k string) string {
			for _, kv := range env {
				if strings.HasPrefix(kv, k+"=") {
					return kv[len(k)+1:]
				}
			}
			return ""
		}
		code := Main(args, Env{Stdout: &out, Stderr: &errb, Getenv: get, goos: "darwin"})
		return result{code, out.String(), errb.String()}
	}
	r := run("schedule", "install", "--time", "08:05", "--dry-run", "--key-store", "file")
	expect(t, r, 0, "schedule install")
	plists, _ := filepath.Glob(filepath.Join(home, "Library", "LaunchAgents", "cn.beianledger.notify-*.plist"))
	keys, _ := filepath.Glob(filepath.Join(home, "Library", "Application Support", "beianledger", "scheduler-*.key"))
	if len(plists) != 1 || len(keys) != 1 || !strings.Contains(r.stdout, "launchctl") {
		t.Fatalf("plists %v keys %v\n%s", plists, keys, r.stdout)
	}
	data, err := os.ReadFile(plists[0])
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "admin-pass") {
		t.Fatal("the passphrase is in the plist")
	}
	exe, _ := os.Executable()
	wantArgs := []string{exe, "notify", "--vault", vp, "--recovery-key-file", keys[0]}
	label := strings.TrimSuffix(filepath.Base(plists[0]), ".plist")

	// encoding/xml: the document is well-formed and has the keys in order.
	var doc struct {
		Dict struct {
			Inner []byte `xml:",innerxml"`
		} `xml:"dict"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, data)
	}
	// Python's plistlib: what launchd will read.
	if py, err := exec.LookPath("python3"); err == nil {
		out, err := exec.Command(py, "-c", `import json, plistlib, sys
print(json.dumps(plistlib.load(open(sys.argv[1], "rb")), ensure_ascii=False))`, plists[0]).CombinedOutput()
		if err != nil {
			t.Fatalf("plistlib: %v\n%s", err, out)
		}
		var p struct {
			Label                 string
			ProgramArguments      []string
			StartCalendarInterval struct{ Hour, Minute int }
			StandardOutPath       string
		}
		if err := json.Unmarshal(out, &p); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if p.Label != label || !slices.Equal(p.ProgramArguments, wantArgs) || p.StartCalendarInterval.Hour != 8 || p.StartCalendarInterval.Minute != 5 ||
			!strings.HasPrefix(p.StandardOutPath, filepath.Join(home, "Library", "Logs")) {
			t.Fatalf("plist read back as %+v\nwant args %q", p, wantArgs)
		}
	} else {
		t.Log("python3 not found: plistlib check skipped")
	}
	if pl, err := exec.LookPath("plutil"); err == nil {
		if out, err := exec.Command(pl, "-lint", plists[0]).CombinedOutput(); err != nil {
			t.Fatalf("plutil -lint: %v\n%s", err, out)
		}
	}

	r = run("schedule", "status")
	expect(t, r, 0, "schedule status")
	if !strings.Contains(r.stdout, plists[0]) || !strings.Contains(r.stdout, "scheduler@") {
		t.Fatalf("status:\n%s", r.stdout)
	}
	r = run("schedule", "remove", "--dry-run")
	expect(t, r, 0, "schedule remove")
	if _, err := os.Stat(plists[0]); err == nil {
		t.Fatal("plist left behind")
	}
	if _, err := os.Stat(keys[0]); err == nil {
		t.Fatal("key file left behind")
	}
}

// TestScheduleInSecretService keeps the scheduler key in a real Secret
// Service (GNOME Keyring on a D-Bus session bus): scripts/keyring-test
// starts both and sets BEIANLEDGER_TEST_SECRET_SERVICE=1; without it the
// test is skipped. The unattended run opens the vault with the key from
// the keyring; after remove the key is gone from the keyring and a
// copy of it kept elsewhere no longer opens the vault.
func TestScheduleInSecretService(t *testing.T) {
	if os.Getenv("BEIANLEDGER_TEST_SECRET_SERVICE") != "1" {
		t.Skip("needs a Secret Service on the session bus: scripts/keyring-test")
	}
	dir := t.TempDir()
	vp := filepath.Join(dir, "台账.beianvault")
	cfg := filepath.Join(dir, "config")
	base := []string{"BEIANLEDGER_VAULT=" + vp, "XDG_CONFIG_HOME=" + cfg, "BEIANLEDGER_STATE_DIR=" + filepath.Join(dir, "state"),
		"DBUS_SESSION_BUS_ADDRESS=" + os.Getenv("DBUS_SESSION_BUS_ADDRESS")}
	admin := append([]string{"BEIANLEDGER_PASSWORD=admin-pass"}, base...)
	expect(t, runCLI(t, admin, append([]string{"init"}, cheap...)...), 0, "init")
	r := runCLI(t, admin, "schedule", "install", "--dry-run", "--key-store", "keyring")
	expect(t, r, 0, "schedule install into the keyring")
	if keys, _ := filepath.Glob(filepath.Join(cfg, "beianledger", "*.key")); len(keys) != 0 {
		t.Fatalf("key file written: %v", keys)
	}
	units, _ := filepath.Glob(filepath.Join(cfg, "systemd", "user", "beianledger-notify-*.service"))
	if len(units) != 1 {
		t.Fatalf("units %v", units)
	}
	svc, _ := os.ReadFile(units[0])
	if !strings.Contains(string(svc), `"--scheduler-keyring"`) {
		t.Fatalf("service:\n%s", svc)
	}
	// secret-tool, the keyring's own client, finds the key.
	uuid := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(units[0]), "beianledger-notify-"), ".service")
	var stored string
	if st, err := exec.LookPath("secret-tool"); err == nil {
		out, _ := exec.Command(st, "search", "--all", "service", "beianledger").CombinedOutput()
		if !strings.Contains(string(out), "scheduler-"+uuid) {
			t.Fatalf("secret-tool does not list the key:\n%s", out)
		}
		for _, line := range strings.Split(string(out), "\n") {
			if s, ok := strings.CutPrefix(line, "secret = "); ok {
				stored = s
			}
		}
		if stored == "" {
			t.Fatalf("secret-tool shows no secret:\n%s", out)
		}
	}
	r = runCLI(t, base, "notify", "--scheduler-keyring")
	expect(t, r, 2, "unattended run from the keyring, no channel yet")
	if !strings.Contains(r.stderr, "channel add") {
		t.Fatalf("%s", r.stderr)
	}
	r = runCLI(t, admin, "schedule", "status")
	if !strings.Contains(r.stdout, "OS keyring") {
		t.Fatalf("status:\n%s", r.stdout)
	}
	expect(t, runCLI(t, admin, "schedule", "remove", "--dry-run"), 0, "remove")
	expect(t, runCLI(t, base, "notify", "--scheduler-keyring"), 3, "keyring key after remove")
	if stored != "" {
		kept := filepath.Join(dir, "kept.key")
		os.WriteFile(kept, []byte(stored+"\n"), 0o600)
		expect(t, runCLI(t, base, "notify", "--recovery-key-file", kept), 3, "a copy of the removed key")
	}
}
