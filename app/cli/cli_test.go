package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"beianledger/vault"
)

// The test binary doubles as the CLI: with BEIANLEDGER_TEST_CLI=1 it runs
// Main on its arguments, so tests drive real processes with real exit
// codes, standard streams and no terminal.
func TestMain(m *testing.M) {
	if os.Getenv("BEIANLEDGER_TEST_CLI") == "1" {
		os.Exit(Main(os.Args[1:], Stdio()))
	}
	// Each run keeps its memory of vaults (known.go) to itself, and child
	// processes inherit it.
	if os.Getenv(vault.KnownDirEnv) == "" {
		d, err := os.MkdirTemp("", "beianledger-known-*")
		if err != nil {
			panic(err)
		}
		os.Setenv(vault.KnownDirEnv, d)
		code := m.Run()
		os.RemoveAll(d)
		os.Exit(code)
	}
	os.Exit(m.Run())
}

type result struct {
	code           int
	stdout, stderr string
}

var cheap = []string{"--argon2-time", "1", "--argon2-memory", "8", "--argon2-threads", "1"}

func runCLI(t *testing.T, env []string, args ...string) result {
	t.Helper()
	return runAs(t, os.Args[0], nil, env, args...)
}

func runAs(t *testing.T, bin string, prefix []string, env []string, args ...string) result {
	t.Helper()
	return runStdin(t, bin, prefix, env, "", args...)
}

func runStdin(t *testing.T, bin string, prefix []string, env []string, stdin string, args ...string) result {
	t.Helper()
	argv := append(append([]string{}, prefix...), bin)
	argv = append(argv, args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = childEnv(env)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	} // else nil: /dev/null, not a terminal
	return runCommand(t, cmd, args)
}

// childEnv is the environment of a child running this test binary as the
// command line.
func childEnv(env []string) []string {
	return append([]string{"BEIANLEDGER_TEST_CLI=1", "PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir()}, env...)
}

// runCommand runs cmd, its output captured, and returns its exit code and
// output (args name it in a failure).
func runCommand(t *testing.T, cmd *exec.Cmd, args []string) result {
	t.Helper()
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	return result{code, so.String(), se.String()}
}

func expect(t *testing.T, r result, code int, what string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("%s: exit %d, want %d\nstdout: %s\nstderr: %s", what, r.code, code, r.stdout, r.stderr)
	}
}

func TestInitVerifyIdentityEndToEnd(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "ledger.beianvault")
	admin := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=管理员口令 admin pass"}

	r := runCLI(t, admin, append([]string{"init", "--label", "王五 (admin)"}, cheap...)...)
	expect(t, r, 0, "init")
	if !strings.Contains(r.stderr, "below the recommended floor") {
		t.Errorf("cheap KDF gave no warning: %s", r.stderr)
	}
	expect(t, runCLI(t, admin, "init"), 1, "init over an existing vault")
	expect(t, runCLI(t, admin, "verify"), 0, "verify")

	// The backup contact makes an identity; the admin adds its recipient.
	idf := filepath.Join(dir, "zhangsan.identity")
	r = runCLI(t, []string{"BEIANLEDGER_PASSWORD=张三的口令"}, append([]string{"keygen", "--out", idf}, cheap...)...)
	expect(t, r, 0, "keygen")
	recipient := strings.TrimSpace(r.stdout)
	if !strings.HasPrefix(recipient, "blr1") {
		t.Fatalf("keygen printed %q", r.stdout)
	}
	// Flags after the positional part, as the contract allows.
	r = runCLI(t, admin, "access", "add-recipient", "--recipient", recipient, "--label", "张三 (backup)")
	expect(t, r, 0, "add-recipient")

	contact := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=张三的口令"}
	r = runCLI(t, contact, "verify", "--identity", idf, "--json")
	expect(t, r, 0, "verify with identity")
	var rep struct {
		OK    bool `json:"ok"`
		Slots int  `json:"slots"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || !rep.OK || rep.Slots != 2 {
		t.Fatalf("verify --json: %v %s", err, r.stdout)
	}
	r = runCLI(t, []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=wrong"}, "verify", "--identity", idf)
	expect(t, r, 3, "identity with the wrong passphrase")

	r = runCLI(t, admin, "access", "list", "--json")
	expect(t, r, 0, "access list")
	var slots []map[string]any
	json.Unmarshal([]byte(r.stdout), &slots)
	if len(slots) != 2 || slots[1]["label"] != "张三 (backup)" {
		t.Fatalf("access list: %s", r.stdout)
	}

	// Recovery key, then revoke the contact.
	rkf := filepath.Join(dir, "recovery.txt")
	expect(t, runCLI(t, admin, "access", "add-recovery-key", "--out", rkf), 0, "add-recovery-key")
	expect(t, runCLI(t, []string{"BEIANLEDGER_VAULT=" + vp}, "verify", "--recovery-key-file", rkf), 0, "verify with recovery key")
	expect(t, runCLI(t, admin, "access", "add-recovery-key", "--out", rkf), 1, "recovery key over an existing file")
	expect(t, runCLI(t, admin, "access", "remove", "王五 (admin)"), 1, "removing the slot in use")
	r = runCLI(t, admin, "access", "remove", "张三 (backup)")
	expect(t, r, 0, "remove contact")
	if !strings.Contains(r.stdout, "credentials marked \"rotate now\"") {
		t.Errorf("remove does not say it flagged credentials: %s", r.stdout)
	}
	expect(t, runCLI(t, contact, "verify", "--identity", idf), 3, "removed contact")

	// A second passphrase.
	r = runCLI(t, append(admin, "BEIANLEDGER_NEW_PASSWORD=second"), append([]string{"access", "add-passphrase", "--label", "李四"}, cheap...)...)
	expect(t, r, 0, "add-passphrase")
	expect(t, runCLI(t, []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=second"}, "verify"), 0, "second passphrase")

	// Backups exist and restore.
	r = runCLI(t, admin, "backups", "list", "--json")
	expect(t, r, 0, "backups list")
	var bl []map[string]any
	if json.Unmarshal([]byte(r.stdout), &bl); len(bl) < 3 {
		t.Fatalf("backups: %s", r.stdout)
	}
	expect(t, runCLI(t, admin, "backups", "restore", "1"), 0, "restore")
	expect(t, runCLI(t, admin, "verify"), 0, "verify after restore")
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "v.beianvault")
	admin := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=pw"}
	expect(t, runCLI(t, admin, append([]string{"init"}, cheap...)...), 0, "init")

	expect(t, runCLI(t, nil, "frobnicate"), 2, "unknown command")
	expect(t, runCLI(t, nil, "verify"), 2, "no vault")
	expect(t, runCLI(t, admin, "verify", "--no-such-flag"), 2, "unknown flag")
	expect(t, runCLI(t, admin, "verify", "--label", "x"), 2, "flag of another command")
	expect(t, runCLI(t, []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=nope"}, "verify"), 3, "wrong passphrase")

	// Without a terminal the command must not wait for a passphrase: it
	// says how to give one (a hang would end in the test's timeout).
	r := runCLI(t, []string{"BEIANLEDGER_VAULT=" + vp}, "verify")
	expect(t, r, 3, "no passphrase and no terminal")
	if !strings.Contains(r.stderr, "BEIANLEDGER_PASSWORD") {
		t.Fatalf("no-terminal case: %s", r.stderr)
	}
	pf := filepath.Join(dir, "pw.txt")
	os.WriteFile(pf, []byte("pw\nignored second line\n"), 0o600)
	expect(t, runCLI(t, []string{"BEIANLEDGER_VAULT=" + vp}, "verify", "--password-file", pf), 0, "password file")

	// Damage: one flipped byte in the middle.
	data, _ := os.ReadFile(vp)
	bad := filepath.Join(dir, "bad.beianvault")
	d := append([]byte(nil), data...)
	d[len(d)/2] ^= 0x40
	os.WriteFile(bad, d, 0o600)
	r = runCLI(t, []string{"BEIANLEDGER_PASSWORD=pw"}, "verify", "--vault", bad)
	expect(t, r, 4, "damaged")
	if !strings.Contains(r.stderr, "damaged or has been tampered") {
		t.Errorf("damaged message: %s", r.stderr)
	}
	pdf := filepath.Join(dir, "x.pdf")
	os.WriteFile(pdf, []byte("%PDF-1.4\n"), 0o600)
	expect(t, runCLI(t, []string{"BEIANLEDGER_PASSWORD=pw"}, "verify", "--vault", pdf), 4, "pdf")
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, nil, 0o600)
	expect(t, runCLI(t, []string{"BEIANLEDGER_PASSWORD=pw"}, "verify", "--vault", empty), 4, "empty file")
	expect(t, runCLI(t, []string{"BEIANLEDGER_PASSWORD=pw"}, "verify", "--vault", dir), 4, "directory")

	// KDF ceiling and floor.
	expect(t, runCLI(t, []string{"BEIANLEDGER_VAULT=" + filepath.Join(dir, "h.beianvault"), "BEIANLEDGER_PASSWORD=pw"},
		"init", "--argon2-memory", "65536", "--argon2-time", "3"), 2, "64 GiB KDF")

	// Locked by a live writer elsewhere: wait, then exit 5.
	os.WriteFile(vp+".lock", []byte(`{"host":"another-pc","user":"李四","pid":1,"since":"2026-11-24T08:00:00Z"}`), 0o600)
	r = runCLI(t, admin, "access", "add-recovery-key", "--out", filepath.Join(dir, "rk"), "--lock-timeout", "300ms")
	expect(t, r, 5, "locked")
	if !strings.Contains(r.stderr, "李四") {
		t.Errorf("lock holder not named: %s", r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "rk")); !os.IsNotExist(err) {
		t.Error("recovery key file written although the slot was not added")
	}
	// Readers are not blocked.
	expect(t, runCLI(t, admin, "verify"), 0, "read while locked")
}

func TestVersionAndHelp(t *testing.T) {
	r := runCLI(t, nil, "version", "--json")
	expect(t, r, 0, "version")
	var v map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || v["version"] == "" {
		t.Fatalf("version --json: %s", r.stdout)
	}
	r = runCLI(t, nil, "--help")
	expect(t, r, 0, "help")
	for _, c := range []string{"init", "verify", "keygen", "access", "backups"} {
		if !strings.Contains(r.stdout, c) {
			t.Errorf("help lacks %s", c)
		}
	}
}

// TestUnprivilegedUser runs the CLI as nobody: root has CAP_IPC_LOCK and
// would hide memguard's locked-memory limit that ordinary users have.
func TestUnprivilegedUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("already unprivileged: the other tests cover it")
	}
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Skip("setpriv not installed")
	}
	dir, err := os.MkdirTemp("", "beianledger-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o777)
	bin := filepath.Join(dir, "beianledger.test")
	data, _ := os.ReadFile(os.Args[0])
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	nobody := []string{setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"}
	vp := filepath.Join(dir, "v.beianvault")
	env := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=pw"}
	expect(t, runAs(t, bin, nobody, env, append([]string{"init"}, cheap...)...), 0, "init as nobody")
	expect(t, runAs(t, bin, nobody, env, "verify"), 0, "verify as nobody")
	expect(t, runAs(t, bin, nobody, env, "access", "add-recovery-key", "--out", filepath.Join(dir, "rk")), 0, "recovery key as nobody")
	expect(t, runAs(t, bin, nobody, env, "access", "list"), 0, "list as nobody")
}
