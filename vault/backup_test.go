package vault

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

// Saving keeps the old file's permissions and group: a vault shared
// read-only with a group (0640, group "share") stays so after a save.
func TestSaveKeepsModeAndGroup(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("permissions are access control lists on Windows")
	}
	dir := t.TempDir()
	v, p := newVault(t, dir)
	defer v.Lock()
	if err := os.Chmod(p, 0o750); err != nil {
		t.Fatal(err)
	}
	const gid = 4242
	canChown := os.Chown(p, -1, gid) == nil
	putNote(t, v, "a", "1")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o640 {
		t.Fatalf("mode after save %04o, want 0640 (the old 0750 without execute)", fi.Mode().Perm())
	}
	if canChown {
		if g := fi.Sys().(*syscall.Stat_t).Gid; g != gid {
			t.Fatalf("group after save %d, want %d", g, gid)
		}
	}
	// Never wider than it was.
	os.Chmod(p, 0o600)
	putNote(t, v, "a", "2")
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode after save %04o, want 0600", fi.Mode().Perm())
	}
}

// The backups folder is refused when it is a symbolic link (old vault
// copies would land wherever it points), writable by others, or someone
// else's; nothing is written into it and listing it says why.
func TestUnsafeBackupsFolderRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix permissions")
	}
	dir := t.TempDir()
	v, p := newVault(t, dir)
	defer v.Lock()
	bdir := BackupDir(p)
	count := func(d string) int {
		e, _ := os.ReadDir(d)
		return len(e)
	}
	// A symbolic link to a folder the attacker reads.
	os.RemoveAll(bdir)
	theirs := filepath.Join(dir, "theirs")
	os.Mkdir(theirs, 0o777)
	if err := os.Symlink(theirs, bdir); err != nil {
		t.Skip(err)
	}
	putNote(t, v, "a", "1")
	if n := count(theirs); n != 0 {
		t.Fatalf("%d old vault copies written through the symbolic link", n)
	}
	if _, err := ListBackups(p); !errors.Is(err, ErrUnsafeBackups) {
		t.Fatalf("list through a symbolic link: %v", err)
	}
	// A folder anyone may write.
	os.Remove(bdir)
	os.Mkdir(bdir, 0o700)
	os.Chmod(bdir, 0o777)
	putNote(t, v, "a", "2")
	if n := count(bdir); n != 0 {
		t.Fatalf("%d backups written into a world-writable folder", n)
	}
	if _, err := ListBackups(p); !errors.Is(err, ErrUnsafeBackups) {
		t.Fatalf("list of a world-writable folder: %v", err)
	}
	// Someone else's folder.
	os.Chmod(bdir, 0o700)
	if os.Geteuid() == 0 {
		os.Chown(bdir, 65534, 65534)
		putNote(t, v, "a", "3")
		if n := count(bdir); n != 0 {
			t.Fatalf("%d backups written into another user's folder", n)
		}
		if _, err := ListBackups(p); !errors.Is(err, ErrUnsafeBackups) {
			t.Fatalf("list of another user's folder: %v", err)
		}
		os.Chown(bdir, 0, 0)
	}
	// A sound folder is used again.
	putNote(t, v, "a", "4")
	if list, err := ListBackups(p); err != nil || len(list) != 1 {
		t.Fatalf("sound folder: %d backups, %v", len(list), err)
	}
}

// A backup of another vault (the same passphrase opens it) planted in the
// backups folder is not restored over this vault.
func TestRestoreRefusesAnotherVaultsBackup(t *testing.T) {
	dir := t.TempDir()
	v, p := newVault(t, dir)
	putNote(t, v, "mine", "1")
	v.Lock()
	other := filepath.Join(t.TempDir(), "other.beianvault")
	o, err := Create(other, pass("correct horse"), "admin", Options{})
	if err != nil {
		t.Fatal(err)
	}
	putNote(t, o, "mine", "forged")
	o.Lock()
	data, _ := os.ReadFile(other)
	planted := filepath.Join(BackupDir(p), filepath.Base(p)+".gen999999.20990101T000000.000.bak")
	if err := os.WriteFile(planted, data, 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(p)
	if _, err := RestoreBackup(p, 1, pass("correct horse"), Options{}); !errors.Is(err, ErrDamaged) {
		t.Fatalf("restore of another vault's backup: %v", err)
	}
	if after, _ := os.ReadFile(p); string(after) != string(before) {
		t.Fatal("the vault was replaced by another vault's backup")
	}
}

// Backups are ordered and pruned by their generation as a number: at
// generation 1,000,000 the name sort of genNNNNNN put it last.
func TestBackupsPastGenerationMillion(t *testing.T) {
	dir := t.TempDir()
	v, p := newVault(t, dir)
	defer v.Lock()
	v.opts.KeepBackups = 3
	// Jump to generation 999,997: with the file gone a save is no conflict.
	os.Remove(p)
	v.hdr.Generation = 999_996
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	for i := range 4 { // saves 999,998 … 1,000,001
		putNote(t, v, "n", string(rune('a'+i)))
	}
	list, err := ListBackups(p)
	if err != nil {
		t.Fatal(err)
	}
	var gens []uint64
	for _, b := range list {
		gens = append(gens, b.Generation)
	}
	want := []uint64{1_000_000, 999_999, 999_998}
	if len(gens) != len(want) || gens[0] != want[0] || gens[1] != want[1] || gens[2] != want[2] {
		t.Fatalf("backups %v, want %v (newest first, the oldest pruned)", gens, want)
	}
}

// Clean-up of temporary files left by a crash takes the vault's name
// literally: "a?" is not a pattern matching another vault "ab".
func TestOrphanTempCleanupKeepsOtherVaultsTemps(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a?.beianvault")
	v, err := Create(p, pass("correct horse"), "admin", Options{})
	if err != nil {
		t.Fatal(err)
	}
	v.Lock()
	theirs := filepath.Join(dir, ".ab.beianvault.tmp-123456")
	lookalike := filepath.Join(dir, ".a?.beianvault.tmp-x.beianvault.tmp-1")
	mine := filepath.Join(dir, ".a?.beianvault.tmp-424242")
	for _, f := range []string{theirs, lookalike, mine} {
		os.WriteFile(f, []byte("temp"), 0o600)
	}
	w, err := Open(p, pass("correct horse"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Lock()
	for _, f := range []string{theirs, lookalike} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("another vault's temporary file %s was deleted", filepath.Base(f))
		}
	}
	if _, err := os.Stat(mine); !os.IsNotExist(err) {
		t.Fatalf("our own orphan temporary file was kept: %v", err)
	}
}
