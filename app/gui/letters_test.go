package gui

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/ledger/letter"
)

// letters shows the Letters screen and waits for its data.
func (h *harness) letters() *lettersScreen {
	h.t.Helper()
	h.u.main.show(navLetters)
	h.u.wait()
	return h.u.main.screens[navLetters].(*lettersScreen)
}

// pickSite types q into the site search and picks the first match.
func (h *harness) pickSite(p *sitePicker, q string) ledger.SiteRow {
	h.t.Helper()
	test.Type(p.search, q)
	if len(p.shown) == 0 {
		h.t.Fatalf("no site matches %q", q)
	}
	p.list.Select(0)
	h.u.wait()
	return p.picked
}

// selectKind chooses a letter kind by id.
func (s *lettersScreen) selectKind(t *testing.T, id string) {
	t.Helper()
	for i, k := range s.kinds {
		if k.ID == id {
			s.kind.SetSelectedIndex(i)
			s.u.wait()
			return
		}
	}
	t.Fatalf("no kind %s", id)
}

func TestLettersPreviewAndSave(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(5))
	s := h.letters()
	if len(s.picker.all) != 5 || len(s.picker.shown) != 5 {
		t.Fatalf("picker lists %d of %d sites", len(s.picker.shown), len(s.picker.all))
	}
	if s.date.Text != "2026年11月24日" {
		t.Errorf("date %q, want today", s.date.Text)
	}
	if !s.saveDOCX.Disabled() || !s.savePDF.Disabled() {
		t.Error("save enabled before a site is chosen")
	}
	if err := s.saveTo(filepath.Join(h.dir, "none.pdf"), formatPDF); err == nil {
		t.Error("saved a letter without a site")
	}
	// Search narrows the list; picking loads the site's records.
	want := s.picker.all[3]
	site := h.pickSite(s.picker, want.Number)
	if site.ID != want.ID || len(s.picker.shown) != 1 {
		t.Fatalf("picked %q from %d matches, want %q", site.Number, len(s.picker.shown), want.Number)
	}
	s.selectKind(t, letter.KindSituation)
	if !s.factsBox.Visible() || s.agentBox.Visible() {
		t.Error("situation statement: facts hidden or agent shown")
	}
	test.Type(s.facts, "原网站负责人已离职")
	for _, w := range []string{"情况说明", site.EntityName, site.Number, "原网站负责人已离职", "2026年11月24日"} {
		if !strings.Contains(s.preview.Text, w) {
			t.Errorf("preview lacks %q:\n%s", w, s.preview.Text)
		}
	}
	if !strings.Contains(s.missing.Text, "申请事项") || strings.Contains(s.missing.Text, "Request") {
		t.Errorf("blanks %q lack the request", s.missing.Text)
	}
	if s.saveDOCX.Disabled() {
		t.Error("save disabled with a site chosen")
	}

	s.selectKind(t, letter.KindAgent)
	if s.factsBox.Visible() || !s.agentBox.Visible() {
		t.Error("agent authorisation: facts shown or agent hidden")
	}
	test.Type(s.agentName, "王芳")
	if !strings.Contains(s.preview.Text, "王芳") || strings.Contains(s.missing.Text+"；", "：受托人；") || strings.Contains(s.missing.Text+"；", "；受托人；") {
		t.Errorf("agent name not in the preview or still missing: %s", s.missing.Text)
	}

	// The checklist follows the chosen scenario; the kit names the vault.
	s.selectKind(t, letter.KindChecklist)
	if !s.scenBox.Visible() || s.agentBox.Visible() || s.kitBox.Visible() {
		t.Error("materials checklist: scenario hidden, or agent or kit shown")
	}
	s.scenario.SetSelectedIndex(4)
	if sc := letter.Guide()[4]; !strings.Contains(s.preview.Text, sc.Checklist[0]) {
		t.Errorf("checklist preview lacks %q:\n%s", sc.Checklist[0], s.preview.Text)
	}
	s.selectKind(t, letter.KindKit)
	if !s.kitBox.Visible() || !strings.Contains(s.preview.Text, h.u.path) {
		t.Errorf("emergency kit: key field hidden or vault path %q not in the preview", h.u.path)
	}
	test.Type(s.keyHint, "财务室保险柜")
	if !strings.Contains(s.preview.Text, "财务室保险柜") {
		t.Error("recovery key location not in the kit")
	}
	s.selectKind(t, letter.KindAgent)

	// A wrong date stops saving and says why.
	s.date.SetText("2026年2月30日")
	if !s.savePDF.Disabled() || !strings.Contains(s.hint.Text, "2026年2月30日") {
		t.Errorf("bad date: hint %q", s.hint.Text)
	}
	s.date.SetText("2026-12-01")

	for _, f := range []string{formatPDF, formatDOCX} {
		path := filepath.Join(h.dir, s.defaultName(f))
		if err := s.saveTo(path, f); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		magic := map[string]string{formatPDF: "%PDF", formatDOCX: "PK"}[f]
		if !strings.HasPrefix(string(b), magic) {
			t.Errorf("%s does not start with %s", path, magic)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", path, fi.Mode().Perm())
		}
		if !strings.Contains(s.status.Text, path) {
			t.Errorf("status %q does not name the file", s.status.Text)
		}
	}
	if !strings.HasPrefix(filepath.Base(s.defaultName(formatPDF)), "授权委托书-"+site.Number) {
		t.Errorf("default name %q", s.defaultName(formatPDF))
	}
	// The buttons open Fyne's file chooser.
	test.Tap(s.savePDF)
	if top := h.win.Canvas().Overlays().Top(); top == nil {
		t.Error("Save as PDF opened no file chooser")
	} else {
		h.win.Canvas().Overlays().Remove(top)
	}

	// An existing file readable by others becomes private when written over.
	open := filepath.Join(h.dir, "open.docx")
	os.WriteFile(open, []byte("x"), 0o644)
	if err := s.saveTo(open, formatDOCX); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(open); fi.Mode().Perm() != 0o600 {
		t.Errorf("overwritten file mode %v", fi.Mode().Perm())
	}
	// A folder that does not exist: an error dialog says what to do.
	if err := s.saveTo(filepath.Join(h.dir, "no", "such", "x.pdf"), formatPDF); err == nil {
		t.Error("no error for a missing folder")
	}
	if !strings.Contains(h.u.lastError, "请换一个文件夹") {
		t.Errorf("error %q", h.u.lastError)
	}
}

func TestLettersUserTemplate(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(5))
	u := h.u
	s := h.letters()
	site := h.pickSite(s.picker, s.picker.all[0].Number)
	s.selectKind(t, letter.KindSituation)
	builtinPreview := s.preview.Text
	if !strings.HasPrefix(builtinPreview, "情况说明\n") || s.tmplInfo.Text != "内置模板" {
		t.Fatalf("preview %q, template %q", builtinPreview[:min(40, len(builtinPreview))], s.tmplInfo.Text)
	}

	test.Tap(s.edit)
	u.wait()
	e := s.editor
	if e == nil || !e.d.Visible() {
		t.Fatal("editor not shown")
	}
	src, _ := letter.Builtin(letter.KindSituation)
	if e.src.Text != src {
		t.Error("editor does not hold the built-in source")
	}
	if !e.restore.Disabled() {
		t.Error("restore enabled without a stored copy")
	}

	// A broken template: the error names line 3, the editor stays, nothing
	// is stored.
	e.src.SetText("# 我的情况说明\n\n{{blank \"主体名称 Entity name\" .EntityName}\n")
	test.Tap(e.save)
	u.wait()
	if !e.d.Visible() || !strings.Contains(e.msg.Text, "第 3 行") {
		t.Errorf("broken template: visible %v, message %q", e.d.Visible(), e.msg.Text)
	}
	if v, _ := u.store.Setting(letter.SettingPrefix + letter.KindSituation); v != "" {
		t.Errorf("broken template stored: %q", v)
	}
	// A misspelt field is caught before it is stored, too.
	e.src.SetText("# 我的情况说明\n\n{{text .Factz}}\n")
	test.Tap(e.save)
	u.wait()
	if !e.d.Visible() || !strings.Contains(e.msg.Text, "第 3 行") || !strings.Contains(e.msg.Text, "Factz") {
		t.Errorf("misspelt field: message %q", e.msg.Text)
	}

	good := strings.Replace(src, "# 情况说明", "# 特殊情况说明（本单位格式）", 1)
	e.src.SetText(good)
	test.Tap(e.save)
	u.wait()
	if e.d.Visible() {
		t.Fatalf("editor still open: %q", e.msg.Text)
	}
	if v, _ := u.store.Setting(letter.SettingPrefix + letter.KindSituation); v != good {
		t.Error("good template not stored")
	}
	if !strings.HasPrefix(s.preview.Text, "特殊情况说明（本单位格式）\n") || !strings.Contains(s.preview.Text, site.Number) {
		t.Errorf("preview does not use the stored copy: %q", s.preview.Text[:min(60, len(s.preview.Text))])
	}
	if s.tmplInfo.Text != "您的副本（保存在保险库中）" {
		t.Errorf("template info %q", s.tmplInfo.Text)
	}
	// Saving uses the stored copy.
	path := filepath.Join(h.dir, "s.docx")
	if err := s.saveTo(path, formatDOCX); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(docxDocument(t, b)), "本单位格式") {
		t.Error("saved DOCX does not use the stored copy")
	}
	// Other kinds keep the built-in.
	s.selectKind(t, letter.KindAgent)
	if !strings.HasPrefix(s.preview.Text, "授权委托书\n") {
		t.Errorf("agent preview %q", s.preview.Text[:min(30, len(s.preview.Text))])
	}
	s.selectKind(t, letter.KindSituation)

	// The editor opens on the stored copy; Restore built-in drops it.
	test.Tap(s.edit)
	u.wait()
	e = s.editor
	if e.src.Text != good || e.restore.Disabled() {
		t.Fatal("editor does not hold the stored copy")
	}
	test.Tap(e.restore)
	u.wait()
	if e.d.Visible() {
		t.Error("editor open after restore")
	}
	if v, _ := u.store.Setting(letter.SettingPrefix + letter.KindSituation); v != "" {
		t.Errorf("restore left %q", v)
	}
	if s.preview.Text != builtinPreview || s.tmplInfo.Text != "内置模板" {
		t.Errorf("preview after restore:\n%s", s.preview.Text[:min(60, len(s.preview.Text))])
	}
}

// TestLettersMattersAndTerm: the 委托事项 start as the kind's defaults and
// may be edited; the 委托期限 entries reach the letter, and an impossible
// term gives a warning beside them while the letter keeps the default term.
func TestLettersMattersAndTerm(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(3))
	s := h.letters()
	h.pickSite(s.picker, s.picker.all[0].Number)
	s.selectKind(t, letter.KindSituation)
	if s.mattersBox.Visible() || s.termBox.Visible() {
		t.Error("situation statement: matters or term shown")
	}
	s.selectKind(t, letter.KindAgent)
	if !s.mattersBox.Visible() || !s.termBox.Visible() {
		t.Fatal("agent authorisation: matters or term hidden")
	}
	if want := strings.Join(letter.DefaultMatters(letter.KindAgent), "\n"); s.matters.Text != want {
		t.Errorf("matters %q, want the defaults %q", s.matters.Text, want)
	}
	if !strings.Contains(s.preview.Text, "自2026年11月24日起至事项办结之日止") || s.termWarn.Visible() {
		t.Errorf("default term not in the preview, or a warning: %q", s.termWarn.Text)
	}
	// Unedited matters follow the kind.
	s.selectKind(t, letter.KindRecovery)
	if s.matters.Text != strings.Join(letter.DefaultMatters(letter.KindRecovery), "\n") {
		t.Errorf("recovery matters %q", s.matters.Text)
	}

	s.selectKind(t, letter.KindAgent)
	s.matters.SetText("代为申请注销网站备案；\n2. 代为领取注销通知。\n")
	s.termTo.SetText("2027-03-31")
	for _, w := range []string{"1. 代为申请注销网站备案；", "2. 代为领取注销通知。", "自2026年11月24日起至2027年3月31日止"} {
		if !strings.Contains(s.preview.Text, w) {
			t.Errorf("preview lacks %q:\n%s", w, s.preview.Text)
		}
	}
	if strings.Contains(s.preview.Text, letter.DefaultMatters(letter.KindAgent)[0]) || s.termWarn.Visible() {
		t.Errorf("default matter still shown, or a warning %q", s.termWarn.Text)
	}
	// Edited matters stay when the kind changes.
	s.selectKind(t, letter.KindRecovery)
	s.selectKind(t, letter.KindAgent)
	if !strings.HasPrefix(s.matters.Text, "代为申请注销网站备案") {
		t.Errorf("edited matters replaced: %q", s.matters.Text)
	}
	for _, f := range []string{formatPDF, formatDOCX} {
		path := filepath.Join(h.dir, "term."+f)
		if err := s.saveTo(path, f); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(path)
		var txt string
		if f == formatDOCX {
			txt = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(docxDocument(t, b)), "")
		} else if _, err := exec.LookPath("pdftotext"); err == nil {
			o, err := exec.Command("pdftotext", "-layout", path, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			txt = string(o)
		} else {
			continue
		}
		txt = strings.Join(strings.Fields(txt), "")
		for _, w := range []string{"1.代为申请注销网站备案；", "2.代为领取注销通知。", "至2027年3月31日止"} {
			if !strings.Contains(txt, w) {
				t.Errorf("%s lacks %q", f, w)
			}
		}
	}

	// An end before the start: a warning, and the default term is kept.
	s.termTo.SetText("2026-11-01")
	if !s.termWarn.Visible() || !strings.Contains(s.termWarn.Text, "早于") || !strings.Contains(s.termWarn.Text, "2026年11月1日") {
		t.Errorf("no warning for an end before the start: %q", s.termWarn.Text)
	}
	if !strings.Contains(s.preview.Text, "至事项办结之日止") || strings.Contains(s.preview.Text, "2026年11月01日止") {
		t.Error("the impossible term reached the preview")
	}
	s.termFrom.SetText("2027-01-10")
	s.termTo.SetText("2027-01-09")
	if !s.termWarn.Visible() || !strings.Contains(s.preview.Text, "自2026年11月24日起至事项办结之日止") {
		t.Errorf("end before --from: warning %q", s.termWarn.Text)
	}
	// An impossible date: a warning naming it.
	s.termFrom.SetText("")
	s.termTo.SetText("2027年2月30日")
	if !s.termWarn.Visible() || !strings.Contains(s.termWarn.Text, "2027年2月30日") {
		t.Errorf("impossible date: warning %q", s.termWarn.Text)
	}
	if s.savePDF.Disabled() {
		t.Error("saving refused while the default term is kept")
	}
	s.termTo.SetText("")
	if s.termWarn.Visible() {
		t.Errorf("warning stays after the term is cleared: %q", s.termWarn.Text)
	}

	// Default matters brings the kind's list back.
	test.Tap(s.mattersReset)
	if s.matters.Text != strings.Join(letter.DefaultMatters(letter.KindAgent), "\n") {
		t.Errorf("matters after reset %q", s.matters.Text)
	}
}

func TestLettersScreenGolden(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(5))
	s := h.letters()
	h.pickSite(s.picker, s.picker.all[1].Number)
	s.selectKind(t, letter.KindSituation)
	test.Type(s.facts, "2026年10月8日，原网站负责人离职，登记手机号已停机。")
	assertGolden(t, "letters_zh.png", h.win.Canvas())
}

// TestSitePickerLarge: picking from 10,000 sites filters in memory as each
// key is typed and finds the one site asked for (BenchmarkSitePickerLarge
// times it).
func TestSitePickerLarge(t *testing.T) {
	h := openWith(t, i18n.EN, nil)
	p, rows := largePicker(h)
	for _, q := range []string{"京", "京icp备2021", "009", "0099", "009999"} {
		p.search.SetText(q)
	}
	if len(p.shown) != 1 || rows[p.shown[0]].Number != "京ICP备2021009999号-1" {
		t.Fatalf("shown %d", len(p.shown))
	}
}

// BenchmarkSitePickerLarge: five keystrokes in the site picker over 10,000
// sites.
func BenchmarkSitePickerLarge(b *testing.B) {
	h := openWith(b, i18n.EN, nil)
	p, _ := largePicker(h)
	for b.Loop() {
		for _, q := range []string{"京", "京icp备2021", "009", "0099", "009999"} {
			p.search.SetText(q)
		}
		p.search.SetText("")
	}
}

// largePicker is a site picker holding 10,000 sites (read off Fyne's
// goroutine in the app, set directly here).
func largePicker(h *harness) (*sitePicker, []ledger.SiteRow) {
	p := newSitePicker(h.u, nil)
	rows := make([]ledger.SiteRow, 10000)
	p.keys = make([]string, len(rows))
	for i := range rows {
		rows[i] = ledger.SiteRow{Site: ledger.Site{Meta: ledger.Meta{ID: fmt.Sprint(i)}, Name: "示例站点", Number: fmt.Sprintf("京ICP备2021%06d号-1", i)}, EntityName: "北京示例科技有限公司"}
		p.keys[i] = strings.ToLower(rows[i].Name + "\n" + rows[i].Number + "\n" + rows[i].EntityName)
	}
	p.all = rows
	return p, rows
}

// docxDocument is the document part of a DOCX.
func docxDocument(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			x, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
	}
	t.Fatal("no word/document.xml")
	return nil
}
