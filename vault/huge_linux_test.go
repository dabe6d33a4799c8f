package vault

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
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

// TestKDFMemoryInHugePages: Argon2id's 64 MiB land in transparent huge
// pages where the system gives them on request (mode "madvise", the
// default of many distributions) — 16,384 page faults fewer per unlock. It
// runs the first derivation of a fresh process (this test binary again):
// in a process that has derived before, the memory may be in place already.
func TestKDFMemoryInHugePages(t *testing.T) {
	if os.Getenv("BEIANLEDGER_HUGE_CHILD") == "1" {
		before := anonHuge(t)
		p := KDFParams{Time: 1, Memory: 64 << 10, Threads: 1}
		p.derive([]byte("pass"), make([]byte, 16))
		fmt.Printf("huge-kib %d\n", anonHuge(t)-before)
		return
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || strings.Contains(string(mode), "[never]") {
		t.Skipf("no transparent huge pages here (%q, %v)", mode, err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestKDFMemoryInHugePages$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "BEIANLEDGER_HUGE_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var kib int
	for _, l := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(l, "huge-kib "); ok {
			kib, _ = strconv.Atoi(rest)
		}
	}
	if kib < 32<<10 {
		t.Fatalf("Argon2id's 64 MiB in a fresh process: %d KiB in huge pages, want most of it\n%s", kib, out)
	}
	t.Logf("Argon2id's 64 MiB: %d KiB in huge pages", kib)
}
