package gui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/ledger/ident"
	"beianledger/ledger/policy"
)

// passGen is the password generator dialog: a policy preset and a length,
// the generated password with its strength, Regenerate and Use.
type passGen struct {
	u             *ui
	d             *modal
	policies      []policy.Policy
	preset        *widget.Select
	about         *widget.Label
	length        *widget.Slider
	lengthLabel   *widget.Label
	shown         *widget.Label
	strength      *widget.ProgressBar
	strengthLabel *widget.Label
	problem       *widget.Label
	regen, use    *widget.Button
	noLookAlike   *widget.Check // keep 0 O 1 l I | out
	cancel        *widget.Button

	avoid policy.Avoid
	pw    []byte // the password shown; wiped when replaced or closed
	onUse func(string)
}

// presetFor is the policy a system's passwords usually follow.
func presetFor(system string) string {
	switch system {
	case ledger.SystemMIITLegacy:
		return policy.MIITLegacy.Name
	case ledger.SystemProvider, ledger.SystemPSB, ledger.SystemLicence:
		return policy.ProviderConsole.Name
	case ledger.SystemRegistrar, ledger.SystemDNS, ledger.SystemSSL:
		return policy.Registrar.Name
	}
	return policy.Strong.Name
}

// openPassGen shows the generator with the preset for system; the
// password never contains what avoid lists. onUse receives the password
// the user accepts.
func (u *ui) openPassGen(system string, avoid policy.Avoid, onUse func(string)) *passGen {
	g := &passGen{u: u, policies: policy.Presets(), avoid: avoid, onUse: onUse}
	var names []string
	for _, p := range g.policies {
		names = append(names, u.enum("policy.", p.Name))
	}
	g.about = widget.NewLabel("")
	g.about.Wrapping = fyne.TextWrapWord
	g.about.Importance = widget.LowImportance
	g.lengthLabel = widget.NewLabel("")
	g.length = widget.NewSlider(1, 2)
	g.length.Step = 1
	g.shown = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Monospace: true, Bold: true})
	g.shown.Wrapping = fyne.TextWrapBreak
	g.strength = widget.NewProgressBar()
	g.strength.Max = 100
	g.strength.TextFormatter = func() string { return "" }
	g.strengthLabel = widget.NewLabel(u.t("strength.none"))
	g.problem = newWarn()
	g.noLookAlike = widget.NewCheck(u.t("records.noLookAlike"), func(bool) { g.generate() })
	g.preset = widget.NewSelect(names, func(string) { g.presetChanged() })
	g.regen = widget.NewButtonWithIcon(u.t("records.regenerate"), theme.ViewRefreshIcon(), g.generate)
	g.use = widget.NewButtonWithIcon(u.t("records.use"), theme.ConfirmIcon(), g.accept)
	g.use.Importance = widget.HighImportance
	traceWhere("passgen.use", g.use)
	g.cancel = widget.NewButton(u.t("button.cancel"), g.close)

	body := container.NewVBox(
		widget.NewForm(
			widget.NewFormItem(u.t("records.policy"), g.preset),
			widget.NewFormItem(u.t("records.length"), container.NewBorder(nil, nil, nil, g.lengthLabel, g.length)),
		),
		g.about,
		g.noLookAlike,
		widget.NewSeparator(),
		g.shown,
		container.NewBorder(nil, nil, nil, g.strengthLabel, g.strength),
		g.problem,
	)
	g.d = u.newModal(u.t("records.generatorTitle"), theme.ViewRefreshIcon(), container.NewGridWrap(fyne.NewSize(520, 300), body))
	g.d.setButtons(g.cancel, g.regen, g.use)

	want := presetFor(system)
	i := slices.IndexFunc(g.policies, func(p policy.Policy) bool { return p.Name == want })
	g.preset.SetSelectedIndex(max(i, 0)) // generates
	g.length.OnChanged = func(float64) {
		g.lengthLabel.SetText(u.t("records.chars", g.n()))
		g.generate()
	}
	g.d.Show()
	return g
}

// current is the chosen policy.
func (g *passGen) current() policy.Policy {
	return g.policies[max(g.preset.SelectedIndex(), 0)]
}

// n is the chosen length.
func (g *passGen) n() int { return int(g.length.Value) }

// presetChanged sets the length range of the new policy and generates.
func (g *passGen) presetChanged() {
	p := g.current()
	g.about.SetText(describe(g.u, p))
	changed := g.length.OnChanged
	g.length.OnChanged = nil
	g.length.Min, g.length.Max = float64(p.MinLen), float64(max(p.MaxLen, p.MinLen+1))
	g.length.SetValue(float64(p.DefaultLength()))
	g.length.OnChanged = changed
	if p.MinLen == p.MaxLen {
		g.length.Disable()
	} else {
		g.length.Enable()
	}
	g.lengthLabel.SetText(g.u.t("records.chars", g.n()))
	g.generate()
}

// describe is the part of a policy's bilingual description in the user's
// language.
func describe(u *ui, p policy.Policy) string {
	zh, en, ok := strings.Cut(p.Description, " / ")
	if !ok {
		return p.Description
	}
	if u.lang == i18n.ZH {
		return zh
	}
	return en
}

// generate draws a new password for the chosen policy and length.
func (g *passGen) generate() {
	u := g.u
	u.touch()
	g.wipe()
	p := g.current()
	if g.noLookAlike != nil && g.noLookAlike.Checked {
		p.ExcludeAmbiguous = true // 0/O, 1/l/I and | are read aloud or typed wrong
	}
	n := min(max(g.n(), p.MinLen), p.MaxLen)
	pw, err := policy.GenerateN(p, n, g.avoid)
	if err != nil {
		g.problem.SetText(u.t("records.generateError", err.Error()))
		g.problem.Show()
		g.shown.SetText("")
		g.use.Disable()
		g.strength.SetValue(0)
		g.strengthLabel.SetText(u.t("strength.none"))
		return
	}
	g.problem.Hide()
	g.pw = pw
	g.shown.SetText(string(pw))
	bits, label := policy.Strength(pw)
	g.strength.SetValue(min(bits, 100))
	g.strengthLabel.SetText(u.t("strength."+label, int(bits)))
	g.use.Enable()
}

// accept hands the password over and closes the dialog.
func (g *passGen) accept() {
	if len(g.pw) == 0 {
		return
	}
	pw := string(g.pw)
	g.close()
	g.onUse(pw)
	trace("generator-used", "")
}

// wipe clears the password bytes and the label showing them.
func (g *passGen) wipe() {
	clear(g.pw)
	g.pw = nil
	g.shown.SetText("")
}

// close wipes the password and closes the dialog.
func (g *passGen) close() {
	g.wipe()
	g.d.Hide()
}

// avoidFor collects what a generated password must not contain: the mobile
// numbers, names and birthdays (from resident ID numbers) of the contacts
// of an entity and of a site. It runs off the UI goroutine.
func avoidFor(st ledger.Store, entityID, siteID string) (policy.Avoid, error) {
	var a policy.Avoid
	if entityID == "" && siteID == "" {
		return a, nil
	}
	var people []ledger.Contact
	if entityID != "" {
		all, err := st.Contacts()
		if err != nil {
			return a, err
		}
		for _, c := range all {
			if c.EntityID == entityID {
				people = append(people, c)
			}
		}
	}
	if siteID != "" {
		cs, err := st.SiteContacts(siteID)
		if err != nil {
			return a, err
		}
		for _, c := range cs {
			if !slices.ContainsFunc(people, func(p ledger.Contact) bool { return p.ID == c.ID }) {
				people = append(people, c)
			}
		}
	}
	for _, c := range people {
		if c.Mobile != "" {
			a.Phones = append(a.Phones, c.Mobile)
		}
		if c.Name != "" {
			a.Names = append(a.Names, c.Name)
		}
		if !c.HasIDNumber || !isResidentID(c.IDType) {
			continue
		}
		b, err := st.Reveal("contact-id", c.ID)
		if err != nil {
			return a, fmt.Errorf("reading the ID number of a contact: %w", err)
		}
		r := ident.ParseResidentID(string(b))
		clear(b)
		if t, err := time.ParseInLocation(time.DateOnly, r.Birth, ledger.Shanghai); err == nil && r.Birth != "" {
			a.Dates = append(a.Dates, t)
		}
	}
	return a, nil
}

// historyBox shows a credential's earlier passwords, each hidden until
// revealed. The bytes are wiped when it closes.
type historyBox struct {
	u     *ui
	d     *modal
	items []*historyItem
	done  *widget.Button
}

// historyItem is one earlier password.
type historyItem struct {
	secret   []byte
	label    *widget.Label
	reveal   *widget.Button
	copy     *widget.Button
	revealed bool
}

// showHistory reads the history of credential id off the UI goroutine and
// shows it; opened receives the dialog.
func (u *ui) showHistory(id string, opened func(*historyBox)) {
	st := u.store
	u.async(func() func() {
		hs, err := st.SecretHistory(id)
		return func() {
			if err != nil {
				for _, h := range hs {
					clear(h.Secret)
				}
				u.showError(u.t("records.historyFailed"), err)
				return
			}
			opened(u.newHistoryBox(hs))
		}
	})
}

func (u *ui) newHistoryBox(hs []ledger.HistoricSecret) *historyBox {
	h := &historyBox{u: u}
	list := container.NewVBox()
	for _, hsec := range hs {
		it := &historyItem{secret: hsec.Secret}
		it.label = widget.NewLabelWithStyle(hiddenSecret, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		it.label.Truncation = fyne.TextTruncateEllipsis
		it.reveal = widget.NewButtonWithIcon("", theme.VisibilityIcon(), func() { h.toggle(it) })
		it.copy = widget.NewButtonWithIcon("", theme.ContentCopyIcon(), func() {
			u.copySecret(string(it.secret))
		})
		when := widget.NewLabel(u.t("records.usedUntil", u.dateTime(hsec.Until.In(ledger.Shanghai))))
		list.Add(container.NewBorder(nil, nil, when, container.NewHBox(it.reveal, it.copy), it.label))
		h.items = append(h.items, it)
	}
	if len(hs) == 0 {
		l := widget.NewLabel(u.t("records.historyEmpty"))
		l.Wrapping = fyne.TextWrapWord
		list.Add(l)
	}
	h.d = u.newModal(u.t("records.historyTitle"), theme.HistoryIcon(), container.NewGridWrap(fyne.NewSize(560, 240), container.NewVScroll(list)))
	h.done = widget.NewButton(u.t("button.close"), h.close)
	h.done.Importance = widget.HighImportance
	h.d.setButtons(h.done)
	h.d.Show()
	return h
}

// toggle reveals or hides one earlier password.
func (h *historyBox) toggle(it *historyItem) {
	h.u.touch()
	it.revealed = !it.revealed
	if it.revealed {
		it.label.SetText(string(it.secret))
		it.reveal.SetIcon(theme.VisibilityOffIcon())
		return
	}
	it.label.SetText(hiddenSecret)
	it.reveal.SetIcon(theme.VisibilityIcon())
}

// close wipes every earlier password and closes the dialog.
func (h *historyBox) close() {
	for _, it := range h.items {
		clear(it.secret)
		it.secret = nil
		it.revealed = false
		it.label.SetText(hiddenSecret)
	}
	h.d.Hide()
}
