package vault

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// anonHuge is the process's anonymous memory in transparent huge pages, in
// KiB (/proc/self/smaps_rollup).
func anonHuge(t *testing.T) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps_rollup")
	if err != nil {
		t.Skipf("no smaps_rollup: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "AnonHugePages:"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				t.Fatal(err)
			}
			return kb
		}
	}
	t.Skip("no AnonHugePages line")
	return 0
}

// hugeChild runs child in a fresh process (this test binary again) and
// returns the KiB of anonymous memory it reports having gained in huge
// pages. A fresh process matters: in one that has derived before, the
// memory may be in place already.
func hugeChild(t *testing.T, name string, child func() int) int {
	t.Helper()
	if os.Getenv("BEIANLEDGER_HUGE_CHILD") == name {
		fmt.Printf("huge-kib %d\n", child())
		return 0
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || strings.Contains(string(mode), "[never]") {
		t.Skipf("no transparent huge pages here (%q, %v)", mode, err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+name+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "BEIANLEDGER_HUGE_CHILD="+name)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	kib := -1
	for _, l := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(l, "huge-kib "); ok {
			kib, _ = strconv.Atoi(rest)
		}
	}
	if kib < 0 {
		t.Fatalf("the child said nothing:\n%s", out)
	}
	return kib
}

// TestKDFMemoryInHugePages: Argon2id's 64 MiB land in transparent huge
// pages where the system gives them on request (mode "madvise", the
// default of many distributions) — 16,384 page faults fewer per unlock.
func TestKDFMemoryInHugePages(t *testing.T) {
	kib := hugeChild(t, "TestKDFMemoryInHugePages", func() int {
		before := anonHuge(t)
		p := KDFParams{Time: 1, Memory: 64 << 10, Threads: 1}
		p.derive([]byte("pass"), make([]byte, 16))
		return anonHuge(t) - before
	})
	if os.Getenv("BEIANLEDGER_HUGE_CHILD") != "" {
		return
	}
	if kib < 32<<10 {
		t.Fatalf("Argon2id's 64 MiB in a fresh process: %d KiB in huge pages, want most of it", kib)
	}
	t.Logf("Argon2id's 64 MiB: %d KiB in huge pages", kib)
}

// TestLargeVaultHeapInHugePages: with a cheap KDF, the heap that a large
// vault's rows grow (here 48 MiB of small records, as reading 10,000 sites
// and their reminders makes) still lands in huge pages: `due --json` at
// 10,000 sites made 25,000 page faults in 4 KiB pages, 7,000 advised.
func TestLargeVaultHeapInHugePages(t *testing.T) {
	kib := hugeChild(t, "TestLargeVaultHeapInHugePages", func() int {
		before := anonHuge(t)
		expectHeap(24 << 20) // a 24 MB vault file: 48 MiB of heap expected
		p := KDFParams{Time: 1, Memory: 8 << 10, Threads: 1}
		p.derive([]byte("pass"), make([]byte, 16))
		rows := make([][]byte, 0, 48<<20/512)
		for range cap(rows) {
			rows = append(rows, make([]byte, 512))
		}
		kib := anonHuge(t) - before
		runtime.KeepAlive(rows)
		return kib
	})
	if os.Getenv("BEIANLEDGER_HUGE_CHILD") != "" {
		return
	}
	if kib < 24<<10 {
		t.Fatalf("48 MiB of records after opening a large vault: %d KiB in huge pages, want most of it", kib)
	}
	t.Logf("48 MiB of records after opening a large vault: %d KiB in huge pages", kib)
}
