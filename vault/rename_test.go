package vault

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func backupNames(t *testing.T, path string) []string {
	t.Helper()
	list, err := ListBackups(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range list {
		out = append(out, filepath.Base(b.Path))
	}
	return out
}

// A save whose rename is refused for a moment (on Windows: an antivirus
// scan or a sync client holding the file) tries again and succeeds; one
// that stays refused fails cleanly — the vault on disk unchanged and the
// backups exactly as they were: a failed attempt does not push an older
// backup out of the ones kept (issue 21).
func TestSaveRetriesABusyRenameAndKeepsTheBackups(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "busy.beianvault")
	v, err := Create(p, pass("correct horse"), "admin", Options{KeepBackups: 3, KnownDir: "-"})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	for i := 0; i < 5; i++ {
		putNote(t, v, "n", string(rune('a'+i)))
	}
	before := backupNames(t, p)
	if len(before) != 3 {
		t.Fatalf("%d backups, want 3: %v", len(before), before)
	}
	defer func() { renameFile, exchangeFile = os.Rename, exchange }()
	// The rename path, as on Windows (no one-step swap there).
	exchangeFile = func(string, string) error { return errors.ErrUnsupported }

	// Busy twice, then free: the save goes through.
	refused := 0
	renameFile = func(from, to string) error {
		if refused < 2 {
			refused++
			return errBusy
		}
		return os.Rename(from, to)
	}
	putNote(t, v, "n", "after two refusals")
	if refused != 2 || getNote(t, v, "n") != "after two refusals" {
		t.Fatalf("refused %d times", refused)
	}
	after := backupNames(t, p)
	if len(after) != 3 || slices.Equal(after, before) {
		t.Fatalf("backups after a retried save: %v (before %v)", after, before)
	}

	// Busy for good: the save fails, nothing on disk changes.
	disk, _ := os.ReadFile(p)
	renameFile = func(string, string) error { return errBusy }
	err = v.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO meta(key, value) VALUES ('n', X'6e65766572') ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
		return err
	})
	if !errors.Is(err, ErrSaveFailed) {
		t.Fatalf("a save that cannot rename: %v", err)
	}
	if now, _ := os.ReadFile(p); string(now) != string(disk) {
		t.Fatal("the vault file changed although the save failed")
	}
	if got := backupNames(t, p); !slices.Equal(got, after) {
		t.Fatalf("a failed save changed the backups:\n got %v\nwant %v", got, after)
	}
	tmps, _ := filepath.Glob(filepath.Join(dir, ".busy.beianvault.tmp-*"))
	if len(tmps) != 0 {
		t.Fatalf("temporary files left: %v", tmps)
	}
}
