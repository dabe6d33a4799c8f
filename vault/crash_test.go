package vault

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary act as a saving child process for the crash
// test: it is killed with SIGKILL at random points of its save loop.
func TestMain(m *testing.M) {
	if p := os.Getenv("BEIANLEDGER_CRASH_CHILD"); p != "" {
		os.Exit(crashChild(p))
	}
	// Each run keeps its memory of vaults (known.go) to itself, and child
	// processes inherit it.
	if os.Getenv(KnownDirEnv) == "" {
		d, err := os.MkdirTemp("", "beianledger-known-*")
		if err != nil {
			panic(err)
		}
		os.Setenv(KnownDirEnv, d)
		code := m.Run()
		os.RemoveAll(d)
		os.Exit(code)
	}
	os.Exit(m.Run())
}

func crashChild(p string) int {
	// Every other round saves as a command does: sealed into the file as
	// it is written (BaseOnDisk).
	onDisk := os.Getenv("BEIANLEDGER_CRASH_ONDISK") != ""
	v, err := Open(p, NewPassphrase([]byte("crash"), TestKDF), Options{LockTimeout: 5 * time.Second, BaseOnDisk: onDisk})
	if err != nil {
		fmt.Println("open:", err)
		return 1
	}
	for i := 0; ; i++ {
		err := v.Tx(context.Background(), func(tx *sql.Tx) error {
			// The counter and the generation it is saved in must agree
			// when read back: a torn save would break that.
			_, err := tx.Exec(`INSERT INTO meta(key, value) VALUES ('counter', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, []byte(strconv.FormatUint(v.hdr.Generation+1, 10)))
			return err
		})
		if err != nil {
			fmt.Println("save:", err)
			return 1
		}
		if i == 0 {
			fmt.Println("saving")
		}
	}
}

func TestKillDuringSavesNeverBreaksTheVault(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real processes")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "crash.beianvault")
	v, err := Create(p, NewPassphrase([]byte("crash"), TestKDF), "admin", Options{})
	if err != nil {
		t.Fatal(err)
	}
	// About 1 MB of incompressible rows, so each save takes long enough
	// for kills to land inside write, fsync and rename.
	err = v.Tx(context.Background(), func(tx *sql.Tx) error {
		for i := 0; i < 64; i++ {
			b := make([]byte, 16<<10)
			rand.Read(b)
			if _, err := tx.Exec(`INSERT INTO meta(key, value) VALUES (?, ?)`, fmt.Sprintf("blob%d", i), b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	v.Lock()
	rounds := 30
	var lastGen uint64
	for round := 0; round < rounds; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "BEIANLEDGER_CRASH_CHILD="+p)
		if round%2 == 1 {
			cmd.Env = append(cmd.Env, "BEIANLEDGER_CRASH_ONDISK=1")
		}
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, _ := bufio.NewReader(out).ReadString('\n')
		if strings.TrimSpace(line) != "saving" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("child: %q", line)
		}
		n, _ := rand.Int(rand.Reader, big.NewInt(120))
		time.Sleep(time.Duration(n.Int64()) * time.Millisecond) // the random kill point
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		w, err := Open(p, NewPassphrase([]byte("crash"), TestKDF), Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("round %d: vault unreadable after kill: %v", round, err)
		}
		got := getNote(t, w, "counter")
		if got != strconv.FormatUint(w.Generation(), 10) {
			t.Fatalf("round %d: counter %s in generation %d", round, got, w.Generation())
		}
		if w.Generation() < lastGen {
			t.Fatalf("round %d: generation went back from %d to %d", round, lastGen, w.Generation())
		}
		lastGen = w.Generation()
		w.Lock()
	}
	// Left-over temp files are harmless but must not pile up as vaults.
	tmps, _ := filepath.Glob(filepath.Join(dir, ".crash.beianvault.tmp-*"))
	if len(tmps) > 1 {
		t.Fatalf("%d orphaned temp files: writers do not clean up after a crash", len(tmps))
	}
	t.Logf("%d rounds, final generation %d", rounds, lastGen)
}
