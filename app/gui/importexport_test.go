package gui

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/ledger/tabular"
)

// writeFile writes a test input file in the harness folder.
func (h *harness) writeFile(name, text string) string {
	h.t.Helper()
	p := filepath.Join(h.dir, name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		h.t.Fatal(err)
	}
	return p
}

func (h *harness) data() *dataIO {
	h.t.Helper()
	h.u.main.show(navSettings)
	h.u.wait()
	return h.u.main.settings.data
}

func countSites(t *testing.T, st ledger.Store) int {
	t.Helper()
	ss, err := st.Sites()
	if err != nil {
		t.Fatal(err)
	}
	return len(ss)
}

const sheetGood = "网站备案号,网站名称,主体名称,域名,首次备案日期\n" +
	"京ICP备2023000009号-1,好的网站,北京示例科技有限公司,good.example.cn,2024-01-05\n" +
	"京ICP备2023000009号-2,第二个网站,北京示例科技有限公司,second.example.cn,2024/1/6\n"

const sheetBad = "网站备案号,网站名称,首次备案日期\n" +
	"京ICP备2023000009号-1,好的网站,2024-01-05\n" +
	"京ICP备2023000009号-2,坏日期,2023-02-29\n"

func TestImportPreviewCancelThenImport(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(3))
	u := h.u
	d := h.data()
	path := h.writeFile("台账.csv", sheetGood)

	// The plan alone writes nothing and counts the new sites.
	gen := u.v.Generation()
	p, err := d.planImport(path, importLedger)
	if err != nil {
		t.Fatal(err)
	}
	if p.sum.Sites != 2 || p.sum.Errors != 0 || !p.plan.Sites[0].New {
		t.Fatalf("plan %+v", p.sum)
	}
	p.plan.Wipe()

	// Cancel in the preview changes nothing.
	d.startImport(path, importAuto)
	u.wait()
	b := d.preview
	if b == nil || !b.d.Visible() {
		t.Fatalf("no preview; error %q", u.lastError)
	}
	if !strings.Contains(b.summary.Text, "网站：新增 2 个，更新 0 个") || b.apply.Disabled() {
		t.Errorf("summary %q, import enabled %t", b.summary.Text, !b.apply.Disabled())
	}
	test.Tap(b.cancel)
	u.wait()
	if b.d.Visible() || countSites(t, u.store) != 3 || u.v.Generation() != gen {
		t.Fatal("cancel wrote something")
	}

	// Import writes both sites, and the sites screen shows them.
	d.startImport(path, importAuto)
	u.wait()
	b = d.preview
	test.Tap(b.apply)
	u.wait()
	if b.d.Visible() || !b.applied {
		t.Fatalf("import not applied: %q", u.lastError)
	}
	if n := countSites(t, u.store); n != 5 {
		t.Errorf("%d sites after import, want 5", n)
	}
	if !strings.Contains(d.status.Text, "已导入") {
		t.Errorf("status %q", d.status.Text)
	}
	u.main.show(navSites)
	u.wait()
	if n := len(u.main.sites.rows); n != 5 {
		t.Errorf("sites screen lists %d", n)
	}

	// The same file again has nothing left to write.
	d.startImport(path, importLedger)
	u.wait()
	if b = d.preview; !b.apply.Disabled() || !strings.Contains(b.summary.Text, "没有需要写入") {
		t.Errorf("re-import: %q, import enabled %t", b.summary.Text, !b.apply.Disabled())
	}
	test.Tap(b.cancel)
}

func TestImportWithErrorsIsRefused(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(2))
	u := h.u
	d := h.data()
	path := h.writeFile("bad.csv", sheetBad)
	d.startImport(path, importLedger)
	u.wait()
	b := d.preview
	if b == nil {
		t.Fatalf("no preview: %q", u.lastError)
	}
	if !b.apply.Disabled() {
		t.Error("import enabled despite an error")
	}
	row3 := false
	for _, l := range b.problems {
		row3 = row3 || (strings.HasPrefix(l, "错误 · 第 3 行") && strings.Contains(l, "2023-02-29"))
	}
	if !row3 {
		t.Errorf("problems %q", b.problems)
	}
	if !strings.Contains(b.verdict.Text, "不能导入") {
		t.Errorf("verdict %q", b.verdict.Text)
	}
	// Applying anyway is refused as a whole: the good row is not written.
	err := d.applyImport(b.p)
	if !errors.Is(err, tabular.ErrRefused) {
		t.Errorf("apply: %v", err)
	}
	if n := countSites(t, u.store); n != 2 {
		t.Errorf("%d sites after a refused import", n)
	}
	test.Tap(b.cancel)

	// A file that is no spreadsheet at all says so.
	junk := h.writeFile("junk.csv", "just some words\nand more\n")
	d.startImport(junk, importAuto)
	u.wait()
	if !strings.Contains(u.lastError, "junk.csv") {
		t.Errorf("error %q", u.lastError)
	}
}

func TestImportPasswordManagerLogins(t *testing.T) {
	h := openWith(t, i18n.EN, nil)
	u := h.u
	d := h.data()
	path := h.writeFile("bitwarden.csv",
		"folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n"+
			"备案,1,login,阿里云,主账号,,0,https://account.aliyun.com,ali@example.cn,S3cret-pw,\n")
	d.startImport(path, importLogins)
	u.wait()
	b := d.preview
	if b == nil || !strings.Contains(b.summary.Text, "Credentials: 1 new") || !strings.Contains(b.summary.Text, "1 credential will get a password") {
		t.Fatalf("preview %v; error %q", b, u.lastError)
	}
	test.Tap(b.apply)
	u.wait()
	cs, err := u.store.Credentials()
	if err != nil || len(cs) != 1 || cs[0].Login != "ali@example.cn" || !cs[0].HasSecret {
		t.Fatalf("credentials %+v %v", cs, err)
	}
	pw, err := u.store.Reveal("credential", cs[0].ID)
	if err != nil || string(pw) != "S3cret-pw" {
		t.Errorf("password %q %v", pw, err)
	}
}

func TestExportFormatsAndSecrets(t *testing.T) {
	const secret = "Xk9#p2$mQ"
	h := openWith(t, i18n.ZH, withCredential(secret))
	u := h.u
	d := h.data()

	// An existing file readable by others ends up readable by its owner only.
	csvPath := h.writeFile("out.csv", "old")
	if err := os.Chmod(csvPath, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := d.exportTo(csvPath, tabular.FormatCSV, false); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(csvPath)
	if fi, _ := os.Stat(csvPath); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	if !strings.Contains(string(b), "示例网站") || strings.Contains(string(b), secret) || strings.Contains(string(b), "密码,") {
		t.Errorf("csv without secrets: %q", b)
	}

	xlsx := filepath.Join(h.dir, "out.xlsx")
	if err := d.exportTo(xlsx, tabular.FormatXLSX, true); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(xlsx)
	sheet, err := tabular.ReadFile("out.xlsx", data)
	if err != nil || len(sheet.Rows) != 1 || sheet.Rows[0].Cells[tabular.ColPassword] != secret {
		t.Errorf("xlsx with secrets: %v %+v", err, sheet)
	}
	if fi, _ := os.Stat(xlsx); fi.Mode().Perm() != 0o600 {
		t.Errorf("xlsx mode %v", fi.Mode().Perm())
	}
	log, err := u.v.AuditLog(5)
	if err != nil || !strings.Contains(auditText(log), "export.secrets") {
		t.Errorf("export of passwords not audited: %v %v", log, err)
	}

	js := filepath.Join(h.dir, "out.json")
	if err := d.exportTo(js, tabular.FormatJSON, false); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(js)
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil || strings.Contains(string(data), secret) {
		t.Errorf("json: %v", err)
	}

	// Nothing is left beside a failed export.
	if err := d.exportTo(filepath.Join(h.dir, "x.pdf"), "pdf", false); err == nil {
		t.Error("unknown format exported")
	}
	left, _ := filepath.Glob(filepath.Join(h.dir, ".export-*"))
	if len(left) != 0 || fileExists(filepath.Join(h.dir, "x.pdf")) {
		t.Errorf("left behind %q", left)
	}

	// The dialog: passwords off by default, a warning when on.
	test.Tap(u.main.settings.exportBtn)
	e := d.export
	if e == nil || e.withSecrets.Checked || e.warning.Visible() || e.chosenFormat() != tabular.FormatXLSX {
		t.Fatal("export dialog defaults")
	}
	test.Tap(e.withSecrets)
	if !e.warning.Visible() || !strings.Contains(e.warning.Text, "明文") {
		t.Error("no clear-text warning")
	}
	e.format.SetSelected(e.format.Options[2])
	if e.chosenFormat() != tabular.FormatJSON {
		t.Errorf("format %q", e.chosenFormat())
	}
	test.Tap(e.save)
	if e.d.Visible() || d.picker == nil {
		t.Error("no save dialog")
	}
	if !strings.HasSuffix(d.exportName(tabular.FormatJSON), "2026-11-24.json") {
		t.Errorf("file name %q", d.exportName(tabular.FormatJSON))
	}
}

func auditText(es any) string {
	b, _ := json.Marshal(es)
	return string(b)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func TestDropFileImports(t *testing.T) {
	h := openWith(t, i18n.ZH, nil)
	u := h.u
	d := h.data()
	path := h.writeFile("拖进来.xlsx.csv", sheetGood)
	other := h.writeFile("notes.txt", "x")

	u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(other)})
	u.wait()
	if d.preview != nil {
		t.Fatal("a text file was taken for an import")
	}
	u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(other), storage.NewFileURI(path)})
	u.wait()
	if d.preview == nil || !d.preview.d.Visible() || d.preview.p.sum.Sites != 2 {
		t.Fatalf("drop did not preview the import: %q", u.lastError)
	}
	test.Tap(d.preview.apply)
	u.wait()
	if n := countSites(t, u.store); n != 2 {
		t.Errorf("%d sites", n)
	}

	// The file chooser opens from the Data section.
	test.Tap(u.main.settings.importLedger)
	if d.picker == nil {
		t.Error("no file chooser")
	}
}

// TestLockDropsPreview: a previewed import is dropped, passwords wiped,
// when the vault locks.
func TestLockDropsPreview(t *testing.T) {
	h := openWith(t, i18n.ZH, nil)
	d := h.data()
	d.startImport(h.writeFile("g.csv", sheetGood), importLedger)
	h.u.wait()
	b := d.preview
	h.u.lock()
	if b.d.Visible() || !b.ended {
		t.Error("preview still open after lock")
	}
	h.unlock(testPass)
	if n := countSites(t, h.u.store); n != 0 {
		t.Errorf("%d sites written by a dropped preview", n)
	}
}

// A ledger that does not fit an XLSX worksheet (a note longer than a cell
// holds) is not exported cut short: the window says why in the interface
// language, with CSV or JSON as the way out, names the row and column, and
// leaves no file behind. It did not say to try again.
func TestExportXLSXLimitExplained(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		long := strings.Repeat("备", 40000)
		h := openWith(t, lang, func(w ledger.Writer) error {
			return w.PutSite(&ledger.Site{Number: "京ICP备2021012345号-1", Name: "示例网站", Notes: long})
		})
		u := h.u
		out := filepath.Join(h.dir, "台账.xlsx")
		h.data().startExport(out, tabular.FormatXLSX, false)
		u.wait()
		want := map[i18n.Lang][]string{
			i18n.ZH: {"导出失败", "请改为导出 CSV 或 JSON", "第 2 行", "40000 个字符"},
			i18n.EN: {"The export failed", "Export as CSV or JSON instead", "row 2", "40000 characters"},
		}[lang]
		for _, w := range want {
			if !strings.Contains(u.lastError, w) {
				t.Errorf("%s: the error lacks %q:\n%s", lang, w, u.lastError)
			}
		}
		if strings.Contains(u.lastError, i18n.T(lang, "error.generic")) {
			t.Errorf("%s: the generic advice to try again:\n%s", lang, u.lastError)
		}
		if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: a file was left at %s (%v)", lang, out, err)
		}
	}
}
