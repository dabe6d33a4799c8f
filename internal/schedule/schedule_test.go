package schedule

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"beianledger/vault"
)

// memKeyring is a keyring in memory; fail makes every call fail as a
// keyring that is absent or locked does.
type memKeyring struct {
	m    map[string]string
	fail error
}

func (k *memKeyring) Set(s, u, v string) error {
	if k.fail != nil {
		return k.fail
	}
	k.m[s+"/"+u] = v
	return nil
}

func (k *memKeyring) Get(s, u string) (string, error) {
	if k.fail != nil {
		return "", k.fail
	}
	v, ok := k.m[s+"/"+u]
	if !ok {
		return "", errors.New("secret not found in keyring")
	}
	return v, nil
}

func (k *memKeyring) Delete(s, u string) error {
	if k.fail != nil {
		return k.fail
	}
	delete(k.m, s+"/"+u)
	return nil
}

func newVault(t *testing.T) (string, *vault.Vault) {
	t.Helper()
	t.Setenv(vault.KnownDirEnv, t.TempDir())
	p := filepath.Join(t.TempDir(), "台账.beianvault")
	v, err := vault.Create(p, vault.NewPassphrase([]byte("admin-pass"), vault.TestKDF), "管理员", vault.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Lock() })
	return p, v
}

func testEnv(t *testing.T, k Keyring) (Env, *[][]string) {
	cfg := t.TempDir()
	var ran [][]string
	return Env{
		Getenv:  func(n string) string { return map[string]string{"XDG_CONFIG_HOME": cfg, "HOME": cfg}[n] },
		GOOS:    "linux",
		Exe:     "/usr/bin/beianledger",
		Keyring: k,
		Host:    "office-pc",
		Run: func(name string, args ...string) ([]byte, error) {
			ran = append(ran, append([]string{name}, args...))
			return nil, nil
		},
	}, &ran
}

// The key goes to the keyring when it answers; the timer then opens the
// vault with it, and remove revokes the slot and deletes the key.
func TestInstallKeepsTheKeyInTheKeyring(t *testing.T) {
	k := &memKeyring{m: map[string]string{}}
	e, ran := testEnv(t, k)
	path, v := newVault(t)
	res, err := Install(v, path, e, Options{At: "08:37"})
	if err != nil {
		t.Fatal(err)
	}
	if res.KeyIn != StoreKeyring || res.KeyFile != "" || !res.Registered || res.Slot.Label != "scheduler@office-pc" {
		t.Fatalf("%+v", res)
	}
	if !slices.Contains(res.Args, "--scheduler-keyring") || slices.Contains(res.Args, "--recovery-key-file") {
		t.Fatalf("args %q", res.Args)
	}
	p, _ := PathsFor(e, v.UUID())
	if _, err := os.Stat(p.Key); err == nil {
		t.Fatal("a key file was written though the keyring took the key")
	}
	svc, _ := os.ReadFile(p.Service)
	if !strings.Contains(string(svc), `"--scheduler-keyring"`) {
		t.Fatalf("service:\n%s", svc)
	}
	if len(*ran) != 2 || (*ran)[1][3] != "--now" {
		t.Fatalf("ran %q", *ran)
	}
	st, err := Status(v.UUID(), v.Slots(), e)
	if err != nil || !st.Installed() || st.KeyIn != StoreKeyring || st.Time != "08:37" || !st.Timer {
		t.Fatalf("status %+v %v", st, err)
	}
	// What the scheduled run does: the key from the keyring opens it.
	key, err := LoadKey(v.UUID(), e)
	if err != nil {
		t.Fatal(err)
	}
	v.Lock()
	v2, err := vault.Open(path, key, vault.Options{})
	if err != nil {
		t.Fatalf("the keyring's key does not open the vault: %v", err)
	}
	v2.Lock()

	v, err = vault.Open(path, vault.NewPassphrase([]byte("admin-pass"), vault.TestKDF), vault.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	if _, err := Install(v, path, e, Options{}); !errors.Is(err, ErrInstalled) {
		t.Fatalf("second install: %v", err)
	}
	r, err := Remove(v, e, false)
	if err != nil || r.Slot.Label != "scheduler@office-pc" {
		t.Fatalf("remove %+v %v", r, err)
	}
	if len(k.m) != 0 {
		t.Fatalf("keyring keeps %v", k.m)
	}
	for _, f := range []string{p.Service, p.Timer} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s left", f)
		}
	}
	if st, _ := Status(v.UUID(), v.Slots(), e); st.Installed() || st.SlotID != "" {
		t.Fatalf("after remove %+v", st)
	}
}

// No keyring (no D-Bus session, a locked one): auto falls back to the 0600
// file and says why; keyring-only refuses and leaves no slot behind.
func TestInstallWithoutAKeyring(t *testing.T) {
	k := &memKeyring{m: map[string]string{}, fail: errors.New("The name org.freedesktop.secrets was not provided by any .service files")}
	e, _ := testEnv(t, k)
	path, v := newVault(t)
	slots := len(v.Slots())
	if _, err := Install(v, path, e, Options{KeyStore: StoreKeyring}); err == nil || !strings.Contains(err.Error(), "keyring") {
		t.Fatalf("keyring-only install: %v", err)
	}
	if len(v.Slots()) != slots {
		t.Fatal("a failed install left a slot")
	}
	res, err := Install(v, path, e, Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.KeyIn != StoreFile || res.KeyringErr == nil || res.Registered || len(res.Manual) != 2 {
		t.Fatalf("%+v", res)
	}
	fi, err := os.Stat(res.KeyFile)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file %v %v", fi, err)
	}
	i := slices.Index(res.Args, "--recovery-key-file")
	if i < 0 || res.Args[i+1] != res.KeyFile {
		t.Fatalf("args %q", res.Args)
	}
}

// A failed `systemctl --user enable` (no user session, as over SSH) keeps
// the slot and the files and tells the user what to run by hand.
func TestInstallWhenSystemctlFails(t *testing.T) {
	e, _ := testEnv(t, &memKeyring{m: map[string]string{}})
	e.Run = func(string, ...string) ([]byte, error) {
		return []byte("Failed to connect to bus: No medium found"), errors.New("exit status 1")
	}
	path, v := newVault(t)
	res, err := Install(v, path, e, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Registered || !strings.Contains(res.RegisterErr, "No medium found") || len(res.Manual) != 2 {
		t.Fatalf("%+v", res)
	}
}

// Windows: the task is created with schtasks, the command quoted for the
// Task Scheduler (a space in the path).
func TestInstallOnWindows(t *testing.T) {
	e, ran := testEnv(t, &memKeyring{m: map[string]string{}})
	e.GOOS = "windows"
	e.Exe = `C:\Program Files\Beian Ledger\beianledger.exe`
	path, v := newVault(t)
	res, err := Install(v, path, e, Options{At: "07:45"})
	if err != nil || !res.Registered {
		t.Fatalf("%+v %v", res, err)
	}
	got := (*ran)[0]
	if got[0] != "schtasks" || got[6] != "07:45" || !strings.HasPrefix(got[10], `"C:\Program Files\Beian Ledger\beianledger.exe" "notify"`) {
		t.Fatalf("schtasks %q", got)
	}
	if _, err := Remove(v, e, false); err != nil {
		t.Fatal(err)
	}
	if last := (*ran)[len(*ran)-1]; last[0] != "schtasks" || last[1] != "/Delete" {
		t.Fatalf("remove ran %q", *ran)
	}
}

func TestWindowsQuote(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:            `plain`,
		`C:\a b\x.exe`:     `"C:\a b\x.exe"`,
		`say "hi"`:         `"say \"hi\""`,
		`C:\dir with\ `:    `"C:\dir with\ "`,
		`C:\ends in\\`:     `"C:\ends in\\\\"`,
		`a b\`:             `"a b\\"`,
		``:                 `""`,
		`"C:\x y.exe" run`: `"\"C:\x y.exe\" run"`,
	} {
		if got := windowsQuote(in); got != want {
			t.Errorf("windowsQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
