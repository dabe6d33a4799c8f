package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"

	"beianledger/internal/safefile"
	"beianledger/ledger"
	"beianledger/ledger/tabular"
)

// errImportRefused: the sheet has errors; nothing was written.
var errImportRefused = errors.New("import refused: fix the rows above and try again; nothing was written")

func cmdImport(c *ctx) error {
	if err := c.only("format", "dry-run"); err != nil {
		return err
	}
	if len(c.args) != 1 {
		return usagef("import needs one FILE (.xlsx or .csv)")
	}
	format := c.str("format")
	if format == "" {
		format = "auto"
	}
	switch format {
	case "auto", "ledger", "keepassxc", "bitwarden", "1password", "lastpass":
	default:
		return usagef("--format must be auto, ledger, keepassxc, bitwarden, 1password or lastpass")
	}
	data, err := os.ReadFile(c.args[0])
	if err != nil {
		return err
	}
	v, err := c.open(c.flag("dry-run"))
	if err != nil {
		return err
	}
	st := v.Store()
	var plan *tabular.ImportPlan
	sheet, sheetErr := tabular.ReadFile(filepath.Base(c.args[0]), data)
	switch {
	case format == "ledger" || (format == "auto" && sheetErr == nil):
		if sheetErr != nil {
			return sheetErr
		}
		if plan, err = tabular.Plan(sheet, st, c.today()); err != nil {
			return err
		}
	default:
		pm := format
		if pm == "ledger" {
			pm = "auto"
		}
		logins, err := tabular.ReadPasswordManagerCSV(data, pm)
		if err != nil {
			if sheetErr != nil && format == "auto" {
				return fmt.Errorf("%v (as a password-manager export: %v)", sheetErr, err)
			}
			return err
		}
		plan = tabular.PlanLogins(logins, st)
	}
	defer plan.Wipe()
	for _, p := range plan.Problems {
		fmt.Fprintln(c.env.Stderr, termSafe(p.String())) // cells and headers come from the file
	}
	sum := plan.Summary()
	if c.json {
		if err := c.printJSON(map[string]any{"summary": sum, "problems": plan.Problems, "dry_run": c.flag("dry-run")}); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(c.out(), "%d entities, %d sites, %d credentials, %d contacts, %d providers, %d checks to write; %d errors, %d warnings\n",
			sum.Entities, sum.Sites, sum.Credentials, sum.Contacts, sum.Providers, sum.Checks, sum.Errors, sum.Warnings)
	}
	if sum.Errors > 0 {
		return errImportRefused
	}
	if c.flag("dry-run") {
		fmt.Fprintln(c.env.Stderr, "dry run: nothing was written")
		return nil
	}
	if err := st.Write(func(w ledger.Writer) error { return plan.Apply(w) }); err != nil {
		return err
	}
	fmt.Fprintln(c.env.Stderr, "imported")
	return nil
}

func cmdExport(c *ctx) error {
	if err := c.only("format", "out", "include-secrets"); err != nil {
		return err
	}
	format, out := c.str("format"), c.str("out")
	switch format {
	case "csv", "xlsx", "json":
	default:
		return usagef("export needs --format csv, xlsx or json")
	}
	if out == "" {
		return usagef("export needs --out FILE (or --out - for standard output)")
	}
	// --out - writes to standard output, for a pipe into an encryption
	// program: an export with passwords then never lands on disk (or in a
	// sync folder) in clear text.
	toStdout := out == "-"
	if toStdout && format == "xlsx" && writesToTerminal(c.env.Stdout) {
		return usagef("xlsx 是二进制文件，不输出到终端：请重定向（--out - > 台账.xlsx）或用管道交给其他程序 / an xlsx export is binary and is not written to a terminal: redirect standard output or pipe it into a program")
	}
	var dst io.Writer
	commit := func() error { return nil }
	if toStdout {
		// A reader that stops early (| head) makes writes fail with
		// EPIPE instead of killing the process: the audit save running
		// beside the export still finishes, so passwords that went out
		// are on record.
		signal.Ignore(syscall.SIGPIPE)
		dst = c.env.Stdout
	} else {
		// The file is written beside out, 0600, and renamed over it: a
		// file someone prepared at out (world-readable, say) is
		// replaced, not written into, and a symbolic link there is
		// refused before the vault is opened.
		f, err := safefile.Create(out)
		if err != nil {
			return err
		}
		defer f.Abort()
		dst, commit = f, f.Commit
	}
	// Exporting passwords is audited, which needs the vault writable.
	v, err := c.open(!c.flag("include-secrets"))
	if err != nil {
		return err
	}
	// An export builds its rows while the audit save seals the vault
	// beside it: collecting garbage at half the usual heap growth keeps
	// 30–40 MiB off the peak at 10,000 sites for no measurable time. A
	// GOGC set by the user stands. Set after the open, not before: under
	// it the KDF's 64 MiB lost their huge pages in about one process in
	// three (16,000 more page faults, 0.1–0.2 s).
	if old := debug.SetGCPercent(50); old != 100 {
		debug.SetGCPercent(old)
	} else {
		defer debug.SetGCPercent(old)
	}
	if c.flag("include-secrets") {
		if toStdout {
			c.warnf("标准输出将以明文带出全部密码：请用管道直接交给加密程序（如 | gpg -c 或 | age -p），不要留在屏幕或未加密的文件里。\n  standard output will carry every password in clear text: pipe it straight into an encryption program (| gpg -c, | age -p); do not leave it on screen or in an unencrypted file")
		} else {
			c.warnf("%[1]s 将以明文保存全部密码：请加密保管，用完即删。\n  %[1]s will hold every password in clear text: keep it encrypted, delete it after use", out)
		}
	}
	bw := bufio.NewWriterSize(dst, 1<<20)
	export := func() error {
		err := v.Store().Read(func(r ledger.Reader) error {
			return tabular.Export(r, format, bw, c.flag("include-secrets"))
		})
		if err == nil {
			err = bw.Flush()
		}
		return err
	}
	what := "a " + format + " export"
	if toStdout {
		what += " to standard output"
	}
	if c.flag("include-secrets") {
		// Audited while it runs: the save overlaps the export.
		err = v.AuditWhile("export.secrets", "", "passwords read for "+what, export)
	} else {
		err = export()
	}
	if err != nil {
		if toStdout {
			return fmt.Errorf("%w（标准输出上的导出不完整，请丢弃 / the export on standard output is incomplete: discard it)", err)
		}
		return err
	}
	if err := commit(); err != nil {
		return err
	}
	if toStdout {
		fmt.Fprintln(c.env.Stderr, "已输出到标准输出 / written to standard output")
	} else {
		fmt.Fprintf(c.env.Stderr, "已写入 / wrote %s\n", out)
	}
	return nil
}
