package gui

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/ledger/letter"
)

func (h *harness) guide() *guideScreen {
	h.t.Helper()
	h.u.main.show(navGuide)
	h.u.wait()
	return h.u.main.screens[navGuide].(*guideScreen)
}

func TestGuideWizardToLetters(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(5))
	g := h.guide()
	texts := strings.Join(visibleTexts(h.win.Canvas().Content()), "|")
	if g.page != guideQuestion || !strings.Contains(texts, "主体负责人或网站负责人登记的手机号") || !g.next.Disabled() {
		t.Fatalf("question page not shown: %q", texts)
	}

	// "No SMS" leads to the responsible-person-left scenario, preselected.
	test.Tap(g.no)
	left := slices.IndexFunc(g.scenarios, func(s letter.Scenario) bool { return s.ID == letter.ScenarioLeft })
	if g.page != guideScenario || g.sc != left || g.pick.Selected != "负责人已离职或手机停用" {
		t.Fatalf("page %d, scenario %d, selected %q", g.page, g.sc, g.pick.Selected)
	}
	if len(g.pick.Options) != len(letter.Guide()) {
		t.Errorf("%d scenarios offered", len(g.pick.Options))
	}
	// Another choice is possible; take the provider one, then go back to
	// the answer's.
	g.pick.SetSelected("账号丢失，接入商可联系")
	if g.scenarios[g.sc].ID != letter.ScenarioAccountLost {
		t.Errorf("picked %s", g.scenarios[g.sc].ID)
	}
	sc := g.scenarios[g.sc]

	test.Tap(g.next)
	for i := range sc.StepsZH {
		if g.page != guideSteps || g.step != i {
			t.Fatalf("step %d: page %d step %d", i, g.page, g.step)
		}
		if want := "第 " + strconv.Itoa(i+1) + " 步，共 " + strconv.Itoa(len(sc.StepsZH)) + " 步"; g.progress.Text != want {
			t.Errorf("progress %q, want %q", g.progress.Text, want)
		}
		if g.stepText.Text != sc.StepsZH[i] {
			t.Errorf("step %d text %q", i, g.stepText.Text)
		}
		tag := letter.CertaintyZH(sc.Certainty[i]) // 官方规定, 接入商做法, 通行做法
		if !strings.HasPrefix(g.stepTag.Text, tag) {
			t.Errorf("step %d (%s) tagged %q", i, sc.Certainty[i], g.stepTag.Text)
		}
		if i == 1 {
			// Back and forth keeps the place.
			test.Tap(g.back)
			if g.step != 0 {
				t.Errorf("back went to step %d", g.step)
			}
			test.Tap(g.next)
		}
		test.Tap(g.next)
	}
	if g.page != guideChecklist {
		t.Fatalf("page %d after the last step", g.page)
	}
	if len(g.checks) != len(sc.Checklist) || g.checks[0].Text != sc.Checklist[0] {
		t.Fatalf("%d check boxes for %d items", len(g.checks), len(sc.Checklist))
	}
	test.Tap(g.checks[0])
	if !g.checks[0].Checked {
		t.Error("check box does not tick")
	}
	if !strings.Contains(g.needed.Text, "授权委托书") || !strings.Contains(g.note.Text, "各接入商不同") {
		t.Errorf("letters %q, note %q", g.needed.Text, g.note.Text)
	}
	if !g.produce.Disabled() {
		t.Error("produce enabled before a site is chosen")
	}
	if _, err := g.produceInto(t.TempDir()); err == nil {
		t.Error("produced letters without a site")
	}

	site := h.pickSite(g.picker, g.picker.all[2].Number)
	if g.produce.Disabled() || !strings.Contains(g.picker.chosen.Text, site.Name) {
		t.Errorf("produce disabled or site %q not named: %q", site.Name, g.picker.chosen.Text)
	}
	test.Tap(g.produce)
	if top := h.win.Canvas().Overlays().Top(); top == nil {
		t.Error("produce opened no folder chooser")
	} else {
		h.win.Canvas().Overlays().Remove(top)
	}
	dir := t.TempDir()
	files, err := g.produceInto(dir)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, k := range sc.Letters {
		name := map[string]string{letter.KindAgent: "授权委托书", letter.KindRecovery: "备案账号找回授权书", letter.KindChecklist: "材料清单"}[k]
		want = append(want, name+"-"+site.Number+".docx", name+"-"+site.Number+".pdf")
	}
	var got []string
	for _, f := range files {
		got = append(got, filepath.Base(f))
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		magic := "%PDF"
		if strings.HasSuffix(f, ".docx") {
			magic = "PK"
		}
		if !strings.HasPrefix(string(b), magic) {
			t.Errorf("%s is not a %s file", f, magic)
		}
		if fi, _ := os.Stat(f); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v", f, fi.Mode().Perm())
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(want) {
		t.Errorf("%d files in the folder, want %d", len(entries), len(want))
	}
	// The screen names the files and the blanks (the demo has no agent).
	for _, w := range []string{"已写入 6 个文件", want[0], "需手写补齐的空白", "授权委托书：", "受托人 Agent name"} {
		if !strings.Contains(g.result.Text, w) {
			t.Errorf("result lacks %q:\n%s", w, g.result.Text)
		}
	}
	// The checklist letter is for this scenario.
	b, _ := os.ReadFile(filepath.Join(dir, "材料清单-"+site.Number+".docx"))
	if !strings.Contains(string(docxDocument(t, b)), "账号丢失") {
		t.Error("materials checklist is not the scenario's")
	}

	// Producing again keeps the first letters: new names, none written over.
	os.WriteFile(files[0], []byte("filled in by hand"), 0o600)
	again, err := g.produceInto(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(files[0]); string(b) != "filled in by hand" {
		t.Error("an earlier letter was written over")
	}
	if want := strings.TrimSuffix(files[0], ".docx") + "-2.docx"; again[0] != want {
		t.Errorf("second run wrote %q, want %q", again[0], want)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2*len(want) {
		t.Errorf("%d files after two runs, want %d", len(entries), 2*len(want))
	}

	// A folder that cannot be written: an error, and no claim of success.
	if _, err := g.produceInto(filepath.Join(dir, "missing", "folder")); err == nil {
		t.Error("no error for a missing folder")
	}
	if !strings.Contains(h.u.lastError, "请换一个文件夹") || !strings.Contains(g.result.Text, "已写入 0 个文件") {
		t.Errorf("error %q, result %q", h.u.lastError, g.result.Text)
	}

	// Start over returns to the question.
	test.Tap(g.restart)
	if g.page != guideQuestion {
		t.Errorf("page %d after start over", g.page)
	}
	test.Tap(g.yes)
	if g.scenarios[g.sc].ID != letter.ScenarioReachable {
		t.Errorf("yes chose %s", g.scenarios[g.sc].ID)
	}
}

func TestGuideEnglish(t *testing.T) {
	h := openWith(t, i18n.EN, fillDemo(2))
	g := h.guide()
	test.Tap(g.other)
	if g.pick.Selected != g.scenarios[0].TitleEN {
		t.Errorf("selected %q", g.pick.Selected)
	}
	last := len(g.scenarios) - 1 // the legacy password records
	g.pick.SetSelected(g.scenarios[last].TitleEN)
	test.Tap(g.next)
	if g.progress.Text != "Step 1 of 4" || g.stepText.Text != g.scenarios[last].StepsEN[0] || g.stepTag.Text != "Official rule" {
		t.Errorf("%q / %q / %q", g.progress.Text, g.stepText.Text, g.stepTag.Text)
	}
	// The checklist is in English too, item for item.
	for g.page != guideChecklist {
		test.Tap(g.next)
	}
	sc := g.scenarios[last]
	if len(g.checks) != len(sc.ChecklistEN) {
		t.Fatalf("%d check boxes, want %d", len(g.checks), len(sc.ChecklistEN))
	}
	for i, c := range g.checks {
		if c.Text != sc.ChecklistEN[i] {
			t.Errorf("check %d is %q, want %q", i+1, c.Text, sc.ChecklistEN[i])
		}
	}
}
