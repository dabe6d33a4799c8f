package gui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/ledger/letter"
)

// Pages of the recovery guide, in order.
const (
	guideQuestion  = iota // the one question
	guideScenario         // choose among the scenarios
	guideSteps            // the steps, one at a time
	guideChecklist        // what to prepare, and the letters
)

// guideScreen walks through the recovery guide: one question, a scenario,
// its steps one at a time (each marked an official rule or common
// practice), and a checklist that ends in the letters the scenario needs.
type guideScreen struct {
	u         *ui
	scenarios []letter.Scenario
	page      int
	sc        int // chosen scenario
	step      int

	title    *widget.Label
	progress *widget.Label
	body     *fyne.Container
	back     *widget.Button
	next     *widget.Button
	restart  *widget.Button

	// Question page.
	yes, no, other *widget.Button
	// Scenario page.
	pick     *widget.RadioGroup
	pickNote *widget.Label
	// Steps page.
	stepTag  *widget.Label
	stepText *widget.Label
	// Checklist page.
	checks   []*widget.Check
	checkBox *fyne.Container
	note     *widget.Label
	needed   *widget.Label
	picker   *sitePicker
	produce  *widget.Button
	result   *widget.Label
	pages    [4]fyne.CanvasObject
	content  fyne.CanvasObject
}

func newGuideScreen(u *ui) *guideScreen {
	g := &guideScreen{u: u, scenarios: letter.Guide()}
	g.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	g.title.SizeName = theme.SizeNameSubHeadingText
	g.title.Wrapping = fyne.TextWrapWord
	g.progress = widget.NewLabel("")
	g.progress.Wrapping = fyne.TextWrapWord
	g.back = widget.NewButtonWithIcon(u.t("guide.back"), theme.NavigateBackIcon(), g.goBack)
	g.next = widget.NewButtonWithIcon(u.t("guide.next"), theme.NavigateNextIcon(), g.goNext)
	g.next.IconPlacement = widget.ButtonIconTrailingText
	g.next.Importance = widget.HighImportance
	g.restart = widget.NewButtonWithIcon(u.t("guide.restart"), theme.ViewRefreshIcon(), func() { g.show(guideQuestion) })

	// The question.
	start := letter.GuideStartEN
	if u.lang == i18n.ZH {
		start = letter.GuideStartZH
	}
	q := widget.NewLabel(start)
	q.Wrapping = fyne.TextWrapWord
	g.yes = widget.NewButtonWithIcon(u.t("guide.answerYes"), theme.ConfirmIcon(), func() { g.answer(letter.ScenarioReachable) })
	g.no = widget.NewButtonWithIcon(u.t("guide.answerNo"), theme.CancelIcon(), func() { g.answer(letter.ScenarioLeft) })
	g.other = widget.NewButtonWithIcon(u.t("guide.answerOther"), theme.ListIcon(), func() { g.answer("") })
	for _, b := range []*widget.Button{g.yes, g.no, g.other} {
		b.Alignment = widget.ButtonAlignLeading
	}
	g.pages[guideQuestion] = container.NewVBox(q, widget.NewSeparator(), g.yes, g.no, g.other)

	// The scenario.
	var titles []string
	for _, sc := range g.scenarios {
		titles = append(titles, scenarioTitle(u.lang, sc))
	}
	g.pickNote = widget.NewLabel("")
	g.pickNote.Wrapping = fyne.TextWrapWord
	g.pickNote.Importance = widget.LowImportance
	g.pick = widget.NewRadioGroup(titles, func(s string) {
		for i, t := range titles {
			if t == s {
				g.sc = i
			}
		}
		g.pickNote.SetText(g.scenarioNote(g.scenarios[g.sc]))
	})
	g.pick.Required = true
	pickHint := widget.NewLabel(u.t("guide.pickHint"))
	pickHint.Wrapping = fyne.TextWrapWord
	g.pages[guideScenario] = container.NewVBox(pickHint, g.pick, g.pickNote)

	// A step.
	g.stepTag = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	g.stepText = widget.NewLabel("")
	g.stepText.Wrapping = fyne.TextWrapWord
	g.stepText.SizeName = theme.SizeNameSubHeadingText
	g.pages[guideSteps] = container.NewVBox(g.stepTag, g.stepText)

	// The checklist and the letters.
	g.checkBox = container.NewVBox()
	g.note = widget.NewLabel("")
	g.note.Wrapping = fyne.TextWrapWord
	g.note.Importance = widget.WarningImportance
	g.needed = widget.NewLabel("")
	g.needed.Wrapping = fyne.TextWrapWord
	g.picker = newSitePicker(u, func(ledger.SiteRow) { g.refreshProduce() })
	g.produce = widget.NewButtonWithIcon(u.t("guide.produce"), theme.FolderOpenIcon(), g.chooseFolder)
	g.produce.Importance = widget.HighImportance
	g.result = widget.NewLabel("")
	g.result.Wrapping = fyne.TextWrapWord
	bold := func(key string) *widget.Label {
		return widget.NewLabelWithStyle(u.t(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	// Two columns, so the letters stay in view beside a long checklist.
	g.pages[guideChecklist] = container.NewGridWithColumns(2,
		container.NewVBox(bold("guide.prepare"), g.checkBox, g.note),
		container.NewVBox(bold("guide.letters"), g.needed, g.picker.content, container.NewHBox(g.produce), g.result))

	g.body = container.NewStack()
	nav := container.NewHBox(g.restart, layout.NewSpacer(), g.back, g.next)
	top := container.NewVBox(g.title, g.progress, widget.NewSeparator())
	g.content = container.NewPadded(container.NewBorder(top, container.NewVBox(widget.NewSeparator(), nav), nil, nil,
		container.NewVScroll(container.NewPadded(g.body))))
	g.show(guideQuestion)
	return g
}

func (g *guideScreen) view() fyne.CanvasObject { return g.content }

// load reads the sites for the letters; the walk through the guide stays
// where it was.
func (g *guideScreen) load() {
	g.picker.load()
	g.refreshProduce()
}

// scenarioNote is a scenario's note in the UI language, or "".
func (g *guideScreen) scenarioNote(sc letter.Scenario) string {
	if g.u.lang == i18n.ZH {
		return sc.NoteZH
	}
	return sc.NoteEN
}

// steps are the chosen scenario's steps in the UI language.
func (g *guideScreen) steps() []string {
	sc := g.scenarios[g.sc]
	if g.u.lang == i18n.ZH {
		return sc.StepsZH
	}
	return sc.StepsEN
}

// answer takes the answer to the question: the scenario it points to
// (none: the person chooses) is preselected on the next page.
func (g *guideScreen) answer(id string) {
	g.u.touch()
	g.sc = 0
	for i, sc := range g.scenarios {
		if sc.ID == id {
			g.sc = i
		}
	}
	g.pick.SetSelected(scenarioTitle(g.u.lang, g.scenarios[g.sc]))
	g.show(guideScenario)
}

// goNext moves one page or step on.
func (g *guideScreen) goNext() {
	g.u.touch()
	switch g.page {
	case guideScenario:
		g.step = 0
		g.show(guideSteps)
	case guideSteps:
		if g.step < len(g.steps())-1 {
			g.step++
			g.show(guideSteps)
			return
		}
		g.show(guideChecklist)
	}
}

// goBack moves one page or step back.
func (g *guideScreen) goBack() {
	g.u.touch()
	switch g.page {
	case guideScenario:
		g.show(guideQuestion)
	case guideSteps:
		if g.step > 0 {
			g.step--
			g.show(guideSteps)
			return
		}
		g.show(guideScenario)
	case guideChecklist:
		g.step = len(g.steps()) - 1
		g.show(guideSteps)
	}
}

// show switches to page and fills it for the chosen scenario and step.
func (g *guideScreen) show(page int) {
	u := g.u
	g.page = page
	sc := g.scenarios[g.sc]
	title := scenarioTitle(u.lang, sc)
	g.back.Enable()
	g.next.Enable()
	g.next.SetText(u.t("guide.next"))
	switch page {
	case guideQuestion:
		g.title.SetText(u.t("nav.guide"))
		g.progress.SetText(u.t("guide.intro"))
		g.back.Disable()
		g.next.Disable()
	case guideScenario:
		g.title.SetText(u.t("guide.pickTitle"))
		g.progress.SetText(u.t("guide.pickProgress"))
		g.pickNote.SetText(g.scenarioNote(sc))
	case guideSteps:
		steps := g.steps()
		g.title.SetText(title)
		g.progress.SetText(u.t("guide.stepOf", g.step+1, len(steps)))
		if g.step < len(sc.Certainty) && sc.Certainty[g.step] == letter.Rule {
			g.stepTag.Importance = widget.SuccessImportance
			g.stepTag.SetText(u.t("guide.rule"))
		} else if g.step < len(sc.Certainty) && sc.Certainty[g.step] == letter.Provider {
			g.stepTag.Importance = widget.WarningImportance
			g.stepTag.SetText(u.t("guide.provider"))
		} else {
			g.stepTag.Importance = widget.WarningImportance
			g.stepTag.SetText(u.t("guide.practice"))
		}
		g.stepText.SetText(steps[g.step])
		if g.step == len(steps)-1 {
			g.next.SetText(u.t("guide.toChecklist"))
		}
	case guideChecklist:
		g.title.SetText(u.t("guide.checklistTitle", title))
		g.progress.SetText(u.t("guide.checklistProgress"))
		g.next.Disable()
		g.fillChecklist(sc)
	}
	g.body.Objects = []fyne.CanvasObject{g.pages[page]}
	g.body.Refresh()
}

// fillChecklist shows sc's checklist, in the UI language, as check boxes
// and names its letters.
func (g *guideScreen) fillChecklist(sc letter.Scenario) {
	u := g.u
	g.checks = nil
	g.checkBox.Objects = nil
	items := sc.ChecklistEN
	if u.lang == i18n.ZH {
		items = sc.Checklist
	}
	for _, item := range items {
		c := widget.NewCheck(item, func(bool) { u.touch() })
		g.checks = append(g.checks, c)
		g.checkBox.Add(c)
	}
	g.checkBox.Refresh()
	if n := g.scenarioNote(sc); n != "" {
		g.note.SetText(n)
		g.note.Show()
	} else {
		g.note.Hide()
	}
	var names []string
	for _, k := range sc.Letters {
		names = append(names, u.t("letters.kind."+k))
	}
	g.needed.SetText(u.t("guide.lettersNeeded", u.list(names)))
	g.result.SetText("")
	g.refreshProduce()
}

// refreshProduce enables the produce button once a site is picked.
func (g *guideScreen) refreshProduce() {
	if g.picker.picked.ID == "" {
		g.produce.Disable()
		return
	}
	g.produce.Enable()
}

// produceJob writes the letters of one scenario for one site; it is taken
// on Fyne's goroutine and runs on another.
type produceJob struct {
	st        ledger.Reader
	siteID    string
	number    string
	scenario  letter.Scenario
	date      ledger.Date
	vaultPath string
	names     map[string]string // kind → file name stem
}

// produced is what a produceJob wrote and the blanks left per letter.
type produced struct {
	files  []string
	blanks []string // "授权委托书：主体名称 Entity name；…"
}

// job takes the scenario and site as the screen shows them now.
func (g *guideScreen) job() (produceJob, error) {
	u := g.u
	if u.store == nil {
		return produceJob{}, fmt.Errorf("guide: no vault open")
	}
	if g.picker.picked.ID == "" {
		return produceJob{}, fmt.Errorf("%s", u.t("guide.pickSite"))
	}
	sc := g.scenarios[g.sc]
	j := produceJob{st: u.store, siteID: g.picker.picked.ID, number: g.picker.picked.Number, scenario: sc,
		date: ledger.DateOf(u.clock.Now()), vaultPath: u.path, names: map[string]string{}}
	for _, k := range sc.Letters {
		j.names[k] = u.t("letters.kind." + k)
	}
	return j, nil
}

// run renders every letter of the scenario as DOCX and PDF into dir, with
// the user's stored templates where there are some. Files are private
// (0600) and never replace existing ones; what was written before an error
// is listed too.
func (j produceJob) run(dir string) (produced, error) {
	var out produced
	d, err := letter.Load(j.st, j.siteID, j.date)
	if err != nil {
		return out, err
	}
	d.Scenario, d.VaultPath = j.scenario.ID, j.vaultPath
	for _, kind := range j.scenario.Letters {
		t, _, err := letter.TemplateFor(j.st, kind)
		if err != nil {
			return out, err
		}
		job := letterJob{kind: kind, tmpl: t, data: d}
		for _, f := range []string{formatDOCX, formatPDF} {
			path := freePath(filepath.Join(dir, fileName(j.names[kind], j.number, f)))
			missing, err := job.writeTo(path, f)
			if err != nil {
				return out, err
			}
			out.files = append(out.files, path)
			if f == formatPDF && len(missing) > 0 {
				out.blanks = append(out.blanks, j.names[kind]+"："+strings.Join(missing, "；"))
			}
		}
	}
	return out, nil
}

// freePath is path, or path with "-2", "-3" … before the extension if a
// file of that name exists: letters written earlier, perhaps filled in by
// hand since, are never written over.
func freePath(path string) string {
	ext := filepath.Ext(path)
	stem := strings.TrimSuffix(path, ext)
	for n := 2; ; n++ {
		if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
			return path
		}
		path = fmt.Sprintf("%s-%d%s", stem, n, ext)
	}
}

// produceInto writes the letters of the chosen scenario for the picked
// site into dir and reports them on the screen. It returns the files
// written.
func (g *guideScreen) produceInto(dir string) ([]string, error) {
	j, err := g.job()
	if err != nil {
		return nil, err
	}
	res, err := j.run(dir)
	g.showProduced(dir, res, err)
	return res.files, err
}

// showProduced says which files were written and which blanks remain, or
// what went wrong.
func (g *guideScreen) showProduced(dir string, res produced, err error) {
	u := g.u
	var b strings.Builder
	b.WriteString(u.t("guide.produced", len(res.files), dir))
	for _, f := range res.files {
		b.WriteString("\n· " + filepath.Base(f))
	}
	if err == nil {
		b.WriteString("\n\n")
		if len(res.blanks) == 0 {
			b.WriteString(u.t("letters.noBlanks"))
		} else {
			b.WriteString(u.t("guide.blanks"))
			for _, m := range res.blanks {
				b.WriteString("\n· " + m)
			}
		}
	}
	g.result.SetText(b.String())
	if err != nil {
		u.showError(u.t("guide.produceFailed", dir), err)
	}
}

// chooseFolder asks for a folder, then writes the letters into it off
// Fyne's goroutine.
func (g *guideScreen) chooseFolder() {
	u := g.u
	u.touch()
	j, err := g.job()
	if err != nil {
		g.result.SetText(err.Error())
		return
	}
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			u.showError(u.t("letters.dialogFailed"), err)
			return
		}
		if l == nil {
			return // cancelled
		}
		dir := l.Path()
		u.async(func() func() {
			res, err := j.run(dir)
			return func() { g.showProduced(dir, res, err) }
		})
	}, u.win)
	u.showPicker(d, pickOptions{}, u.t("picker.folderOpenTitle"), u.t("picker.open"))
}
