package gui

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/internal/safefile"
	"beianledger/ledger"
	"beianledger/ledger/tabular"
	"beianledger/vault"
)

// What a file is imported as.
const (
	importAuto   = "auto"   // the 台账 spreadsheet, else a password-manager export
	importLedger = "ledger" // the 台账 spreadsheet (CSV or XLSX)
	importLogins = "logins" // a password manager's CSV export
)

// maxImportBytes caps the file an import reads into memory; the largest
// ledger the spreadsheet reader accepts (100,000 rows) is far smaller.
const maxImportBytes = 256 << 20

// errTooLarge: the file is larger than any ledger spreadsheet.
var errTooLarge = errors.New("the file is too large to be a ledger spreadsheet")

// importPreview is an import planned and not yet written: the user sees it
// and chooses Import or Cancel.
type importPreview struct {
	path string
	plan *tabular.ImportPlan
	sum  tabular.Summary
}

// dataIO imports and exports the ledger: from the Settings screen's Data
// section and from files dropped on the window. The plain methods
// (planImport, applyImport, exportTo) do the work and touch no widget; the
// show* methods wrap them in dialogs and run them off Fyne's goroutine.
type dataIO struct {
	u *ui
	// status tells the outcome of the last import or export.
	status *widget.Label
	// relayout lays the enclosing page out again when status comes or goes.
	relayout func()

	// The dialogs opened last, kept so tests can drive them.
	preview *previewBox
	export  *exportBox
	picker  *dialog.FileDialog
}

func newDataIO(u *ui) *dataIO {
	d := &dataIO{u: u, status: widget.NewLabel("")}
	d.status.Wrapping = fyne.TextWrapWord
	d.status.Importance = widget.LowImportance
	d.status.Hide()
	return d
}

func (d *dataIO) setStatus(msg string) {
	d.status.SetText(msg)
	d.status.Show()
	d.changed()
}

// hideStatus clears the status line.
func (d *dataIO) hideStatus() {
	d.status.Hide()
	d.changed()
}

func (d *dataIO) changed() {
	if d.relayout != nil {
		d.relayout()
	}
}

// planImport reads the file at path and plans its import against the
// ledger as it stands, writing nothing. kind says how to read the file
// (importAuto tries the 台账 spreadsheet first, like `beianledger import`).
// It touches no widget, so it may run on any goroutine.
func (d *dataIO) planImport(path, kind string) (*importPreview, error) {
	st := d.u.store
	if st == nil {
		return nil, errors.New("no vault is open")
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Size() > maxImportBytes {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), errTooLarge)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var plan *tabular.ImportPlan
	switch kind {
	case importLedger, importAuto:
		sheet, sheetErr := tabular.ReadFile(filepath.Base(path), data)
		if sheetErr == nil {
			if plan, err = tabular.Plan(sheet, st, ledger.DateOf(d.u.clock.Now())); err != nil {
				return nil, err
			}
			break
		}
		if kind == importLedger {
			return nil, sheetErr
		}
		logins, err := tabular.ReadPasswordManagerCSV(data, tabular.FormatAuto)
		if err != nil {
			return nil, fmt.Errorf("%v (as a password-manager export: %v)", sheetErr, err)
		}
		plan = tabular.PlanLogins(logins, st)
	case importLogins:
		logins, err := tabular.ReadPasswordManagerCSV(data, tabular.FormatAuto)
		if err != nil {
			return nil, err
		}
		plan = tabular.PlanLogins(logins, st)
	default:
		return nil, fmt.Errorf("unknown import kind %q", kind)
	}
	return &importPreview{path: path, plan: plan, sum: plan.Summary()}, nil
}

// applyImport writes a planned import in one transaction: every record
// lands or none does. The plan's passwords are wiped whatever the outcome.
func (d *dataIO) applyImport(p *importPreview) error {
	st := d.u.store
	if st == nil {
		p.plan.Wipe()
		return errors.New("no vault is open")
	}
	return st.Write(func(w ledger.Writer) error { return p.plan.Apply(w) })
}

// exportTo writes the whole ledger to path as format (csv, xlsx or json),
// with passwords only when withSecrets. The file is written beside its
// destination with mode 0600 and renamed into place, so a failed export
// leaves no half-written file and the result is readable only by its owner.
// Exporting passwords is recorded in the audit log.
func (d *dataIO) exportTo(path, format string, withSecrets bool) (err error) {
	v, st := d.u.v, d.u.store
	if v == nil || st == nil {
		return errors.New("no vault is open")
	}
	if withSecrets && d.u.readOnly {
		return fmt.Errorf("exporting passwords is recorded in the audit log: %w", vault.ErrReadOnly)
	}
	f, err := safefile.Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	bw := bufio.NewWriterSize(f, 1<<20)
	export := func() error {
		err := st.Read(func(r ledger.Reader) error { return tabular.Export(r, format, bw, withSecrets) })
		if err == nil {
			err = bw.Flush()
		}
		return err
	}
	if withSecrets {
		// Audited while it runs: the save overlaps the export.
		err = v.AuditWhile("export.secrets", "", "passwords read for a "+format+" export", export)
	} else {
		err = export()
	}
	if err != nil {
		return err
	}
	return f.Commit()
}

// clearSecrets closes the dialogs and drops a previewed import with the
// passwords it holds (the vault is being locked).
func (d *dataIO) clearSecrets() {
	if b := d.preview; b != nil && !b.ended {
		b.ended = true
		b.p.plan.Wipe()
		b.d.Hide()
	}
	if d.export != nil {
		d.export.d.Hide()
	}
	if d.picker != nil {
		d.picker.Hide()
	}
}

// ---- import dialogs ----

// pickImport lets the user choose a file to import as kind.
func (d *dataIO) pickImport(kind string) {
	u := d.u
	if u.readOnly || u.store == nil {
		return
	}
	exts := []string{".csv", ".xlsx"}
	if kind == importLogins {
		exts = []string{".csv"}
	}
	d.picker = u.pickOpen(pickOptions{dir: d.startFolder(), exts: exts, title: u.t("data.importFailed")}, func(path string) {
		d.startImport(path, kind)
	})
}

// startFolder is where import and export dialogs open: the vault's folder.
func (d *dataIO) startFolder() string {
	if d.u.path == "" {
		return ""
	}
	return filepath.Dir(d.u.path)
}

// startImport plans the import of path off Fyne's goroutine and shows the
// preview.
func (d *dataIO) startImport(path, kind string) {
	u := d.u
	if u.readOnly || u.store == nil {
		return
	}
	d.setStatus(u.t("data.reading", filepath.Base(path)))
	u.async(func() func() {
		p, err := d.planImport(path, kind)
		return func() {
			if err != nil {
				d.hideStatus()
				u.showError(u.t("data.readFailed", filepath.Base(path)), err)
				return
			}
			d.hideStatus()
			d.showPreview(p)
		}
	})
}

// previewBox shows a planned import before anything is written.
type previewBox struct {
	d              *modal
	p              *importPreview
	summary        *widget.Label
	problems       []string
	list           *widget.List
	heights        map[widget.ListItemID]float32 // of the rows wrapped onto more lines
	verdict        *widget.Label
	apply, cancel  *widget.Button
	applied, ended bool
}

// fitRow gives row id the height its wrapped text needs at the list's
// width, so a long problem does not run over the next one.
func (b *previewBox) fitRow(id widget.ListItemID, l *widget.Label) {
	w := l.Size().Width
	if w <= 0 {
		w = b.list.Size().Width - theme.Padding()*2
	}
	if w <= 0 {
		return
	}
	if l.Size().Width != w {
		l.Resize(fyne.NewSize(w, l.Size().Height))
	}
	h := l.MinSize().Height
	if b.heights == nil {
		b.heights = map[widget.ListItemID]float32{}
	}
	if old, ok := b.heights[id]; ok && old == h {
		return
	}
	b.heights[id] = h
	b.list.SetItemHeight(id, h)
}

// previewLines is the summary of a plan: one line per kind of record that
// changes, created and updated counted apart.
func (d *dataIO) previewLines(p *importPreview) []string {
	u := d.u
	var lines []string
	add := func(key string, newN, total int) {
		if total > 0 {
			lines = append(lines, u.t(key, newN, total-newN))
		}
	}
	pl := p.plan
	count := func(n int, isNew func(int) bool) int {
		c := 0
		for i := range n {
			if isNew(i) {
				c++
			}
		}
		return c
	}
	add("data.sites", count(len(pl.Sites), func(i int) bool { return pl.Sites[i].New }), len(pl.Sites))
	add("data.entities", count(len(pl.Entities), func(i int) bool { return pl.Entities[i].New }), len(pl.Entities))
	add("data.credentials", count(len(pl.Credentials), func(i int) bool { return pl.Credentials[i].New }), len(pl.Credentials))
	add("data.contacts", count(len(pl.Contacts), func(i int) bool { return pl.Contacts[i].New }), len(pl.Contacts))
	add("data.providers", count(len(pl.Providers), func(i int) bool { return pl.Providers[i].New }), len(pl.Providers))
	if n := len(pl.Checks); n > 0 {
		lines = append(lines, u.t("data.checks", n))
	}
	if n := count(len(pl.Credentials), func(i int) bool { return pl.Credentials[i].SetsPassword }); n > 0 {
		lines = append(lines, u.t("data.passwords", n))
	}
	return lines
}

// problemLine is one problem as the preview lists it: row, column, text.
func (d *dataIO) problemLine(pr tabular.Problem) string {
	u := d.u
	sev := u.t("data.warning")
	if pr.Severity == tabular.SeverityError {
		sev = u.t("data.error")
	}
	where := u.t("data.wholeFile")
	if pr.Line > 0 {
		where = u.t("data.row", pr.Line)
	}
	if pr.Column != "" {
		where += " · " + pr.Column
	}
	return u.t("data.problemLine", sev, where, u.importProblem(pr))
}

// importProblem words pr in the UI language from its code and arguments
// (an identifier's findings through identProblem); the importer's English
// only for a code this catalogue does not know.
func (u *ui) importProblem(pr tabular.Problem) string {
	key := "import.problem." + pr.Code
	if pr.Code == "" || !i18n.Has(key) {
		return pr.Message
	}
	var args []any
	for _, a := range pr.Args {
		args = append(args, a)
	}
	if pr.Code == "ident" && pr.Ident != nil {
		var found []string
		for i := range pr.Ident.Codes {
			found = append(found, u.identProblem(*pr.Ident, i))
		}
		sep := "; "
		if u.lang == i18n.ZH {
			sep = "；"
		}
		args = append(args, strings.Join(found, sep))
	}
	return u.t(key, args...)
}

// showPreview shows what the import would write and every problem found.
// Import writes it all; Cancel, or any error in the file, writes nothing.
func (d *dataIO) showPreview(p *importPreview) {
	u := d.u
	b := &previewBox{p: p}
	lines := d.previewLines(p)
	empty := len(lines) == 0
	if empty {
		lines = []string{u.t("data.nothingToDo")}
	}
	b.summary = widget.NewLabel(strings.Join(lines, "\n"))
	b.summary.Wrapping = fyne.TextWrapWord
	for _, pr := range p.plan.Problems {
		b.problems = append(b.problems, d.problemLine(pr))
	}
	b.list = widget.NewList(func() int { return len(b.problems) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Wrapping = fyne.TextWrapWord
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(b.problems) {
				l := o.(*widget.Label)
				l.SetText(b.problems[id])
				b.fitRow(id, l)
			}
		})
	b.verdict = widget.NewLabel("")
	b.verdict.Wrapping = fyne.TextWrapWord
	switch {
	case p.sum.Errors > 0:
		b.verdict.SetText(u.t("data.refused", p.sum.Errors, p.sum.Warnings))
		b.verdict.Importance = widget.DangerImportance
	case p.sum.Warnings > 0:
		b.verdict.SetText(u.t("data.warnings", p.sum.Warnings))
		b.verdict.Importance = widget.WarningImportance
	default:
		b.verdict.SetText(u.t("data.clean"))
	}
	top := container.NewVBox(
		widget.NewLabelWithStyle(u.t("data.willWrite"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		b.summary, b.verdict)
	var body fyne.CanvasObject = top
	if len(b.problems) > 0 {
		top.Add(widget.NewSeparator())
		top.Add(widget.NewLabelWithStyle(u.t("data.problems", len(b.problems)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		body = container.NewBorder(top, nil, nil, nil, b.list)
	}
	b.d = u.newModal(u.t("data.previewTitle", filepath.Base(p.path)), theme.UploadIcon(),
		container.NewGridWrap(fyne.NewSize(720, 440), body))
	b.cancel = widget.NewButton(u.t("button.cancel"), func() { d.cancelPreview(b) })
	b.apply = widget.NewButtonWithIcon(u.t("data.import"), theme.ConfirmIcon(), func() { d.confirmPreview(b) })
	b.apply.Importance = widget.HighImportance
	if p.sum.Errors > 0 || empty {
		b.apply.Disable()
	}
	b.d.setButtons(b.cancel, b.apply)
	if d.preview != nil && !d.preview.ended {
		d.cancelPreview(d.preview) // one preview at a time
	}
	d.preview = b
	b.d.Show()
}

// cancelPreview drops a previewed import: nothing is written and the
// passwords it held are wiped.
func (d *dataIO) cancelPreview(b *previewBox) {
	b.ended = true
	b.p.plan.Wipe()
	b.d.Hide()
	d.setStatus(d.u.t("data.cancelled"))
}

// confirmPreview writes the previewed import off Fyne's goroutine.
func (d *dataIO) confirmPreview(b *previewBox) {
	u := d.u
	if b.ended {
		return
	}
	b.ended = true
	b.apply.Disable()
	b.cancel.Disable()
	u.async(func() func() {
		err := d.applyImport(b.p)
		return func() {
			b.d.Hide()
			if err != nil {
				d.setStatus(u.t("data.importFailedShort"))
				u.showError(u.t("data.importFailed"), err)
				return
			}
			b.applied = true
			d.setStatus(u.t("data.imported", filepath.Base(b.p.path)))
			if u.main != nil {
				u.main.sites.load()
				u.main.dash.load()
			}
		}
	})
}

// dropped imports a spreadsheet or password-manager CSV dropped on the
// window (the first one, if several); other files are ignored.
func (u *ui) dropped(_ fyne.Position, uris []fyne.URI) {
	if u.main == nil || u.readOnly || u.main.settings == nil {
		return
	}
	for _, x := range uris {
		if x == nil || x.Scheme() != "file" {
			continue
		}
		switch strings.ToLower(x.Extension()) {
		case ".csv", ".xlsx":
			u.touch()
			u.main.settings.data.startImport(x.Path(), importAuto)
			return
		}
	}
}

// ---- export ----

// Export format choices, in the order shown.
var exportFormats = []string{tabular.FormatXLSX, tabular.FormatCSV, tabular.FormatJSON}

// exportBox asks for the format and whether to include passwords.
type exportBox struct {
	d            *modal
	format       *widget.RadioGroup
	formatKeys   map[string]string // radio label → format
	withSecrets  *widget.Check
	warning      *widget.Label
	save, cancel *widget.Button
	body         *fyne.Container
}

// chosenFormat is the format the radio group shows.
func (b *exportBox) chosenFormat() string {
	if f, ok := b.formatKeys[b.format.Selected]; ok {
		return f
	}
	return tabular.FormatXLSX
}

// showExport asks how to export, then where.
func (d *dataIO) showExport() {
	u := d.u
	if u.store == nil {
		return
	}
	u.touch()
	b := &exportBox{formatKeys: map[string]string{}}
	var labels []string
	for _, f := range exportFormats {
		l := u.t("data.format." + f)
		labels = append(labels, l)
		b.formatKeys[l] = f
	}
	b.format = widget.NewRadioGroup(labels, nil)
	b.format.Required = true
	b.format.SetSelected(labels[0])
	b.warning = widget.NewLabel(u.t("data.secretsWarning"))
	b.warning.Importance = widget.DangerImportance
	b.warning.Wrapping = fyne.TextWrapWord
	b.warning.Hide()
	b.withSecrets = widget.NewCheck(u.t("data.withSecrets"), func(on bool) {
		if on {
			b.warning.Show()
		} else {
			b.warning.Hide()
		}
		b.body.Refresh()
	})
	if u.readOnly {
		b.withSecrets.Disable()
	}
	note := widget.NewLabel(u.t("data.exportNote"))
	note.Wrapping = fyne.TextWrapWord
	b.body = container.NewVBox(note, widget.NewLabel(u.t("data.format")), b.format, b.withSecrets, b.warning)
	b.d = u.newModal(u.t("data.exportTitle"), theme.DownloadIcon(), container.NewGridWrap(fyne.NewSize(540, 360), b.body))
	b.cancel = widget.NewButton(u.t("button.cancel"), b.d.Hide)
	b.save = widget.NewButtonWithIcon(u.t("data.chooseFile"), theme.DocumentSaveIcon(), func() {
		b.d.Hide()
		d.pickExport(b.chosenFormat(), b.withSecrets.Checked)
	})
	b.save.Importance = widget.HighImportance
	b.d.setButtons(b.cancel, b.save)
	d.export = b
	b.d.Show()
}

// exportName is the file name suggested for an export made today.
func (d *dataIO) exportName(format string) string {
	return d.u.t("data.fileName", ledger.DateOf(d.u.clock.Now()).String()) + "." + format
}

// pickExport asks where to save and writes the export there.
func (d *dataIO) pickExport(format string, withSecrets bool) {
	u := d.u
	// The dialog creates the file with the default mode; exportTo replaces
	// it with one only the owner can read.
	d.picker = u.pickSave(pickOptions{dir: d.startFolder(), name: d.exportName(format), exts: []string{"." + format},
		title: u.t("data.exportFailed")}, func(path string) {
		d.startExport(path, format, withSecrets)
	})
}

// startExport runs exportTo off Fyne's goroutine.
func (d *dataIO) startExport(path, format string, withSecrets bool) {
	u := d.u
	d.setStatus(u.t("data.exporting", filepath.Base(path)))
	u.async(func() func() {
		err := d.exportTo(path, format, withSecrets)
		return func() {
			if err != nil {
				d.setStatus(u.t("data.exportFailed"))
				u.showError(u.t("data.exportFailed"), err)
				return
			}
			msg := u.t("data.exported", path)
			if withSecrets {
				msg += " " + u.t("data.exportedSecrets")
			}
			d.setStatus(msg)
		}
	})
}
