package gui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/ledger"
)

// tableScreen is a read-only, virtualised table (the ways into the vault).
type tableScreen struct {
	u       *ui
	title   string
	headers []string
	widths  []float32
	rows    [][]string
	table   *widget.Table
	status  *widget.Label
	fetch   func(st ledger.Store) ([][]string, error)
	content fyne.CanvasObject
}

func newTableScreen(u *ui, titleKey, noteKey string, cols []string, widths []float32, fetch func(ledger.Store) ([][]string, error)) *tableScreen {
	t := &tableScreen{u: u, widths: widths, fetch: fetch}
	for _, c := range cols {
		t.headers = append(t.headers, u.t(c))
	}
	t.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(t.rows), len(t.headers) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row < len(t.rows) && id.Col < len(t.rows[id.Row]) {
				l.SetText(t.rows[id.Row][id.Col])
			} else {
				l.SetText("")
			}
		})
	t.table.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	t.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		if id.Row < 0 && id.Col >= 0 && id.Col < len(t.headers) {
			l.SetText(t.headers[id.Col])
		} else if id.Col < 0 && id.Row >= 0 {
			l.SetText(strconv.Itoa(id.Row + 1))
		}
	}
	for i, w := range widths {
		t.table.SetColumnWidth(i, w)
	}
	title := widget.NewLabelWithStyle(u.t(titleKey), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	t.status = widget.NewLabel("")
	t.status.Importance = widget.LowImportance
	top := container.NewVBox(title)
	if noteKey != "" {
		n := widget.NewLabel(u.t(noteKey))
		n.Importance = widget.LowImportance
		n.Wrapping = fyne.TextWrapWord
		top.Add(n)
	}
	t.content = container.NewPadded(container.NewBorder(top, t.status, nil, nil, t.table))
	return t
}

func (t *tableScreen) load() {
	u := t.u
	st := u.store
	u.async(func() func() {
		rows, err := t.fetch(st)
		return func() {
			if err != nil {
				u.showError(u.t("load.failed"), err)
				return
			}
			t.rows = rows
			t.status.SetText(u.t("list.count", len(rows)))
			t.table.Refresh()
		}
	})
}

// enum shows a stored enumeration value (a kind, a role) in the user's
// language, or as stored when it has no translation.
func (u *ui) enum(prefix, v string) string {
	if v == "" {
		return ""
	}
	if i18n.Has(prefix + v) {
		return u.t(prefix + v)
	}
	return v
}

func (t *tableScreen) view() fyne.CanvasObject { return t.content }

// rowCount is the number of records shown.
func (t *tableScreen) rowCount() int { return len(t.rows) }

// list joins items as a list reads in the UI language: 甲、乙 in Chinese,
// "a, b" in English (never the Chinese enumeration comma there).
func (u *ui) list(items []string) string {
	if u.lang == i18n.ZH {
		return strings.Join(items, "、")
	}
	return strings.Join(items, ", ")
}
