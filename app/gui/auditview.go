package gui

import (
	"regexp"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/vault"
)

// auditMax is how many of the newest audit lines the viewer reads.
const auditMax = 2000

// auditView is Settings → About → the audit log: who did what, when and on
// which computer, newest first, with a search — the same lines as
// `beianledger audit`. Record kinds and actions are named in the UI's
// language; text the user typed is shown as typed.
type auditView struct {
	u       *ui
	all     []vault.AuditEntry
	shown   []vault.AuditEntry
	search  *entry
	count   *widget.Label
	list    *widget.List
	box     *modal
	cells   map[fyne.CanvasObject][4]*widget.Label
	loadErr error
}

func (u *ui) showAudit() {
	if u.v == nil {
		return
	}
	a := &auditView{u: u, cells: map[fyne.CanvasObject][4]*widget.Label{}}
	a.search = newEntry(u)
	a.search.SetPlaceHolder(u.t("audit.search"))
	a.search.OnChanged = func(string) { a.filter() }
	a.count = widget.NewLabel("")
	a.count.Importance = widget.LowImportance
	a.list = widget.NewList(func() int { return len(a.shown) }, a.newRow, a.updateRow)
	head := container.NewVBox(a.search, a.count)
	body := container.NewBorder(head, nil, nil, nil, a.list)
	a.box = u.newModal(u.t("audit.title"), theme.HistoryIcon(), container.NewGridWrap(fyne.NewSize(820, 440), body))
	a.box.setButtons(widget.NewButton(u.t("button.close"), a.box.Hide))
	u.auditBox = a
	a.box.Show()
	v := u.v
	u.async(func() func() {
		es, err := v.AuditLog(auditMax)
		return func() {
			a.all, a.loadErr = es, err
			if err != nil {
				a.count.SetText(u.t("audit.failed", u.explain(err)))
				return
			}
			a.filter()
		}
	})
}

func (a *auditView) newRow() fyne.CanvasObject {
	var l [4]*widget.Label
	for i := range l {
		l[i] = widget.NewLabel("")
		l[i].Truncation = fyne.TextTruncateEllipsis
	}
	h := l[0].MinSize().Height
	o := container.NewBorder(nil, nil, container.NewHBox(
		container.NewGridWrap(fyne.NewSize(140, h), l[0]),
		container.NewGridWrap(fyne.NewSize(150, h), l[1]),
		container.NewGridWrap(fyne.NewSize(210, h), l[2])), nil, l[3])
	a.cells[o] = l
	return o
}

func (a *auditView) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	l, ok := a.cells[o]
	if !ok || id < 0 || id >= len(a.shown) {
		return
	}
	e := a.shown[id]
	who := e.Actor
	if e.Host != "" {
		who += " @ " + e.Host
	}
	l[0].SetText(auditTime(e.At))
	l[1].SetText(who)
	l[2].SetText(a.u.auditAction(e.Action))
	l[3].SetText(a.u.auditSummary(e.Summary))
}

// filter shows the lines that contain the search in any column.
func (a *auditView) filter() {
	u := a.u
	q := strings.ToLower(strings.TrimSpace(a.search.Text))
	a.shown = a.shown[:0]
	for _, e := range a.all {
		if q == "" || strings.Contains(strings.ToLower(strings.Join([]string{auditTime(e.At), e.Actor, e.Host, e.Action,
			u.auditAction(e.Action), e.Record, e.Summary, u.auditSummary(e.Summary)}, "\x00")), q) {
			a.shown = append(a.shown, e)
		}
	}
	a.count.SetText(u.t("audit.count", len(a.shown), len(a.all)))
	a.list.Refresh()
}

// auditTime is an RFC 3339 time as local "2006-01-02 15:04".
func auditTime(at string) string {
	if t, err := time.Parse(time.RFC3339, at); err == nil {
		return t.Local().Format("2006-01-02 15:04")
	}
	return at
}

// auditAction names an audit action ("credential.create") in the UI's
// language: the record kind, then what was done. Unknown parts are shown
// as stored.
func (u *ui) auditAction(action string) string {
	kind, verb, ok := strings.Cut(action, ".")
	if !ok {
		return u.tOr("audit.verb."+action, action)
	}
	return u.tOr("audit.kind."+kind, kind) + " · " + u.tOr("audit.verb."+verb, verb)
}

// auditPatterns are the summaries the vault writes with values in them
// (vault/: access, merge, backup); each becomes its i18n key's sentence
// with the same values, typed labels as typed.
var auditPatterns = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^added (\S+) slot "(.*)"$`), "audit.s.added"},
	{regexp.MustCompile(`^removed (\S+) slot "(.*)"; master key and field key rotated; (\d+) credentials marked for rotation$`), "audit.s.removed"},
	{regexp.MustCompile(`^changed the passphrase of slot "(.*)"; master key replaced$`), "audit.s.passphrase"},
	{regexp.MustCompile(`^merged (.*) saved by "(.*)" \(version (\d+)\): (\d+) records, (\d+) lines, (\d+) conflicts`), "audit.s.merged"},
	{regexp.MustCompile(`^restored backup of version (\d+)$`), "audit.s.restored"},
	{regexp.MustCompile(`^vault created with a (.*) slot$`), "audit.s.created"},
	{regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}) (normal|problem|action)$`), "audit.s.check"},
	{regexp.MustCompile(`^saved in the signed format \(version (\d+)\)$`), "audit.s.signed"},
}

// auditSummary translates the summaries the program writes; typed text
// (names, numbers) stays as typed.
func (u *ui) auditSummary(s string) string {
	if t := u.tOr("audit.summary."+s, ""); t != "" {
		return t
	}
	for _, p := range auditPatterns {
		if m := p.re.FindStringSubmatch(s); m != nil {
			args := make([]any, len(m)-1)
			for i, v := range m[1:] {
				args[i] = u.tOr("audit.slot."+v, u.tOr("check.result."+v, v))
			}
			return u.t(p.key, args...)
		}
	}
	return s
}

// tOr is the text of key, or def when there is none.
func (u *ui) tOr(key, def string) string {
	if s := u.t(key); s != key {
		return s
	}
	return def
}
