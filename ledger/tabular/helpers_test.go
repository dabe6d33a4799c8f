package tabular

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"beianledger/internal/testvault"
	"beianledger/ledger"
)

var today = ledger.MustDate("2026-11-24")

// newStore creates an empty vault and returns its store.
func newStore(tb testing.TB) ledger.Store { return testvault.Store(tb) }

// demoStore creates a vault holding the demo ledger of n sites.
func demoStore(tb testing.TB, n int) ledger.Store { return testvault.Demo(tb, n, 1, today) }

// export runs Export and returns the bytes.
func export(tb testing.TB, st ledger.Reader, format string, secrets bool) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := Export(st, format, &buf, secrets); err != nil {
		tb.Fatalf("export %s: %v", format, err)
	}
	return buf.Bytes()
}

// plan reads and plans a file against st.
func plan(tb testing.TB, st ledger.Reader, name string, data []byte) (*Sheet, *ImportPlan) {
	tb.Helper()
	s, err := ReadFile(name, data)
	if err != nil {
		tb.Fatalf("ReadFile %s: %v", name, err)
	}
	p, err := Plan(s, st, today)
	if err != nil {
		tb.Fatalf("Plan %s: %v", name, err)
	}
	return s, p
}

// apply applies p in one Store.Write.
func apply(st ledger.Store, p *ImportPlan) error {
	return st.Write(func(w ledger.Writer) error { return p.Apply(w) })
}

// mustImport reads, plans and applies a file, failing on any error
// (problems of error severity included).
func mustImport(tb testing.TB, st ledger.Store, name string, data []byte) *ImportPlan {
	tb.Helper()
	_, p := plan(tb, st, name, data)
	for _, pr := range p.Problems {
		if pr.Severity == SeverityError {
			tb.Errorf("%s: %v", name, pr)
		}
	}
	if err := apply(st, p); err != nil {
		tb.Fatalf("apply %s: %v", name, err)
	}
	return p
}

func must[T any](v T, err error) func(testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}

func countSites(tb testing.TB, st ledger.Reader) int {
	tb.Helper()
	return len(must(st.Sites())(tb))
}

// hasProblem reports whether a problem of the severity on the line
// contains all the words.
func hasProblem(ps []Problem, line int, sev string, words ...string) bool {
next:
	for _, p := range ps {
		if (line >= 0 && p.Line != line) || p.Severity != sev {
			continue
		}
		s := p.String()
		for _, w := range words {
			if !bytes.Contains([]byte(s), []byte(w)) {
				continue next
			}
		}
		return true
	}
	return false
}

// soffice opens data, saved as a file called name, in LibreOffice with
// args (a conversion) and returns the file called out that it wrote; ok
// is false, and the test told so, when LibreOffice is not installed.
func soffice(t *testing.T, name string, data []byte, out string, args ...string) (_ []byte, ok bool) {
	t.Helper()
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Log("soffice not installed: not opened in a spreadsheet")
		return nil, false
	}
	dir := t.TempDir()
	in := filepath.Join(dir, name)
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("soffice", append(append([]string{"--headless"}, args...), "--outdir", dir, in)...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	b, err := os.ReadFile(filepath.Join(dir, out))
	if err != nil {
		t.Fatal(err)
	}
	return b, true
}
