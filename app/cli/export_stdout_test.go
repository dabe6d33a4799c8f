package cli

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// An export to standard output (--out -) is the export to a file, byte
// for byte, written nowhere else, and audited the same way.
func TestExportToStandardOutput(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "v.beianvault")
	env := []string{"BEIANLEDGER_PASSWORD=pw", "BEIANLEDGER_TODAY=2026-11-24", "BEIANLEDGER_VAULT=" + vp}
	expect(t, runCLI(t, env, append([]string{"demo", "--out", vp, "--sites", "30"}, cheap...)...), 0, "demo")
	for _, f := range []string{"csv", "json", "xlsx"} {
		file := filepath.Join(dir, "ledger."+f)
		expect(t, runCLI(t, env, "export", "--format", f, "--out", file, "--include-secrets"), 0, "export "+f+" to a file")
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		r := runStdinIn(t, dir, env, "export", "--format", f, "--out", "-", "--include-secrets")
		expect(t, r, 0, "export "+f+" to standard output")
		if f == "xlsx" {
			// The workbook's zip entries carry the time they were written.
			if !strings.HasPrefix(r.stdout, "PK\x03\x04") || len(r.stdout) < len(want)/2 {
				t.Errorf("xlsx on standard output: %d bytes, %q…", len(r.stdout), r.stdout[:min(8, len(r.stdout))])
			}
		} else if r.stdout != string(want) {
			t.Errorf("%s on standard output differs from the file (%d and %d bytes)", f, len(r.stdout), len(want))
		}
		if !strings.Contains(r.stderr, "标准输出将以明文带出全部密码") || !strings.Contains(r.stderr, "written to standard output") {
			t.Errorf("%s: stderr says %q", f, r.stderr)
		}
		if _, err := os.Lstat(filepath.Join(dir, "-")); err == nil {
			t.Fatalf("%s: a file named - was written", f)
		}
	}
	r := runCLI(t, env, "audit", "--json")
	if n := strings.Count(r.stdout, "passwords read for a csv export to standard output"); n != 1 {
		t.Errorf("%d audit lines for the csv export to standard output, want 1:\n%s", n, r.stdout)
	}
}

// A reader that stops early (| head) ends the export with an error that
// says the output is incomplete — not with the process killed by SIGPIPE
// — and the passwords that went out are on record.
func TestExportToAClosedPipeIsAuditedAndSaysSo(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "v.beianvault")
	env := []string{"BEIANLEDGER_PASSWORD=pw", "BEIANLEDGER_VAULT=" + vp}
	expect(t, runCLI(t, env, append([]string{"demo", "--out", vp, "--sites", "600"}, cheap...)...), 0, "demo")
	cmd := exec.Command(os.Args[0], "export", "--format", "csv", "--out", "-", "--include-secrets")
	cmd.Dir = dir // a build that took - for a file name writes it there
	cmd.Env = childEnv(env)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 100)
	if _, err := io.ReadFull(out, head); err != nil {
		t.Fatalf("first bytes: %v (%s)", err, stderr.String())
	}
	out.Close() // the reader is gone; the export has far more to write
	err = cmd.Wait()
	ee, ok := err.(*exec.ExitError)
	if !ok || !ee.Exited() || ee.ExitCode() != ExitError {
		t.Fatalf("export into a closed pipe: %v, want exit %d (stderr: %s)", err, ExitError, stderr.String())
	}
	if !strings.Contains(stderr.String(), "the export on standard output is incomplete") {
		t.Errorf("stderr: %s", stderr.String())
	}
	r := runCLI(t, env, "audit", "--json")
	if !strings.Contains(r.stdout, "passwords read for a csv export to standard output") {
		t.Errorf("no audit line for the cut-short export:\n%s", r.stdout)
	}
}

// runStdinIn runs the command with dir as its working directory, so that a
// stray file it writes is found there.
func runStdinIn(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir, cmd.Env = dir, childEnv(env)
	return runCommand(t, cmd, args)
}
