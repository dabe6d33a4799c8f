//go:build linux

package vault

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as a saving child run as another user.
func init() {
	p := os.Getenv("BEIANLEDGER_SAVE_CHILD")
	if p == "" {
		return
	}
	v, err := Open(p, pass("correct horse"), Options{})
	if err == nil {
		err = v.Tx(context.Background(), func(tx *sql.Tx) error {
			_, err := tx.Exec(`INSERT INTO meta(key, value) VALUES ('by-nobody', x'01')`)
			return err
		})
		v.Lock()
	}
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("saved")
	os.Exit(0)
}

// Another member of the group saves a group-writable shared vault: the
// file keeps its group and mode (it used to become 0600 in the saver's
// own group, closing the share). A saver outside the group cannot keep
// the group; the group bits are then dropped, not given to the saver's.
func TestSaveByAnotherUserKeepsTheShare(t *testing.T) {
	bin, shared := unprivileged(t)
	dir := filepath.Join(filepath.Dir(shared), "team")
	os.Mkdir(dir, 0o777)
	os.Chmod(dir, 0o777) // not sticky: members replace each other's files
	const share = 4242
	for _, c := range []struct {
		name         string
		groups       []uint32
		oldMode      os.FileMode
		wantMode     os.FileMode
		wantGID      uint32
		wantFileUser uint32
	}{
		{"member", []uint32{share}, 0o660, 0o660, share, 65534},
		{"outsider", nil, 0o666, 0o606, 65534, 65534},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.name+".beianvault")
			v, err := Create(p, pass("correct horse"), "admin", Options{})
			if err != nil {
				t.Fatal(err)
			}
			v.Lock()
			os.Chown(p, 0, share)
			os.Chmod(p, c.oldMode)
			cmd := exec.Command(bin, "-test.run=^$")
			cmd.Env = append(os.Environ(), "BEIANLEDGER_SAVE_CHILD="+p)
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534, Groups: c.groups}}
			done := make(chan struct{})
			var out []byte
			go func() { out, _ = cmd.CombinedOutput(); close(done) }()
			select {
			case <-done:
			case <-time.After(time.Minute):
				cmd.Process.Kill()
				t.Fatal("the saving child hangs")
			}
			if !strings.Contains(string(out), "saved") {
				t.Fatalf("child: %s", out)
			}
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			st := fi.Sys().(*syscall.Stat_t)
			if fi.Mode().Perm() != c.wantMode || st.Gid != c.wantGID || st.Uid != c.wantFileUser {
				t.Fatalf("after the save: mode %04o uid %d gid %d, want %04o uid %d gid %d",
					fi.Mode().Perm(), st.Uid, st.Gid, c.wantMode, c.wantFileUser, c.wantGID)
			}
		})
	}
}
