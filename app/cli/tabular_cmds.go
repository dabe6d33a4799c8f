package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

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
		return usagef("export needs --out FILE")
	}
	// An export builds its rows while the audit save seals the vault
	// beside it: collecting garbage at half the usual heap growth keeps
	// 30–40 MiB off the peak at 10,000 sites for no measurable time. A
	// GOGC set by the user stands.
	if old := debug.SetGCPercent(50); old != 100 {
		debug.SetGCPercent(old)
	} else {
		defer debug.SetGCPercent(old)
	}
	// The file is written beside out, 0600, and renamed over it: a file
	// someone prepared at out (world-readable, say) is replaced, not
	// written into, and a symbolic link there is refused before the
	// vault is opened.
	f, err := safefile.Create(out)
	if err != nil {
		return err
	}
	defer f.Abort()
	// Exporting passwords is audited, which needs the vault writable.
	v, err := c.open(!c.flag("include-secrets"))
	if err != nil {
		return err
	}
	if c.flag("include-secrets") {
		c.warnf("%[1]s 将以明文保存全部密码：请加密保管，用完即删。\n  %[1]s will hold every password in clear text: keep it encrypted, delete it after use", out)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	export := func() error {
		err := v.Store().Read(func(r ledger.Reader) error {
			return tabular.Export(r, format, bw, c.flag("include-secrets"))
		})
		if err == nil {
			err = bw.Flush()
		}
		return err
	}
	if c.flag("include-secrets") {
		// Audited while it runs: the save overlaps the export.
		err = v.AuditWhile("export.secrets", "", "passwords read for a "+format+" export", export)
	} else {
		err = export()
	}
	if err != nil {
		return err
	}
	if err := f.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stderr, "已写入 / wrote %s\n", out)
	return nil
}
