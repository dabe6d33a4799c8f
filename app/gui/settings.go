package gui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/vault"
)

// settingsScreen holds the preferences and the About section.
type settingsScreen struct {
	u        *ui
	lang     *widget.RadioGroup
	autoLock *widget.Select
	about    *widget.Label
	diag     *widget.Label
	content  fyne.CanvasObject
}

var autoLockChoices = []int{1, 5, 10, 15, 30, 60, 0}

func newSettingsScreen(u *ui) *settingsScreen {
	s := &settingsScreen{u: u}
	langNames := []string{"中文", "English"}
	s.lang = widget.NewRadioGroup(langNames, nil)
	s.lang.Horizontal = true
	s.lang.Required = true
	if u.lang == i18n.ZH {
		s.lang.SetSelected(langNames[0])
	} else {
		s.lang.SetSelected(langNames[1])
	}
	s.lang.OnChanged = func(v string) {
		l := i18n.EN
		if v == langNames[0] {
			l = i18n.ZH
		}
		u.setLang(l)
	}

	var opts []string
	cur := u.app.Preferences().IntWithFallback(prefAutoLock, int(defaultAutoLock/time.Minute))
	selected := ""
	for _, m := range autoLockChoices {
		l := u.t("settings.minutes", m)
		if m == 0 {
			l = u.t("settings.never")
		}
		opts = append(opts, l)
		if m == cur {
			selected = l
		}
	}
	s.autoLock = widget.NewSelect(opts, func(v string) {
		for i, o := range opts {
			if o == v {
				u.app.Preferences().SetInt(prefAutoLock, autoLockChoices[i])
				u.touch()
				u.armIdleLock()
			}
		}
	})
	if selected != "" {
		s.autoLock.Selected = selected
	}

	version := u.app.Metadata().Version
	if version == "" {
		version = "dev"
	}
	s.about = widget.NewLabel(u.t("settings.version", version, vault.SchemaVersion()))
	s.about.Wrapping = fyne.TextWrapWord
	s.diag = widget.NewLabel(u.diag.String())
	s.diag.Wrapping = fyne.TextWrapBreak
	s.diag.Selectable = true

	title := widget.NewLabelWithStyle(u.t("nav.settings"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	form := widget.NewForm(
		widget.NewFormItem(u.t("settings.language"), s.lang),
		widget.NewFormItem(u.t("settings.autoLock"), s.autoLock),
	)
	s.content = container.NewPadded(container.NewVScroll(container.NewVBox(title, form, widget.NewSeparator(),
		widget.NewLabelWithStyle(u.t("settings.about"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.about,
		widget.NewLabelWithStyle(u.t("settings.diagnostics"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.diag)))
	return s
}

// setLang switches the interface language, remembers it and rebuilds the
// main screen (the vault stays open).
func (u *ui) setLang(l i18n.Lang) {
	if l == u.lang {
		return
	}
	u.lang = l
	u.app.Preferences().SetString(prefLang, string(l))
	if u.main == nil {
		return
	}
	if u.main.sites.form != nil && u.main.sites.form.dirty {
		// Keep the unsaved form; the new language applies to the rest.
		return
	}
	cur := u.main.current
	u.main.clearSecrets()
	u.main = newMainScreen(u)
	u.setContent(u.main.content)
	u.main.show(cur)
}

func (s *settingsScreen) view() fyne.CanvasObject { return s.content }

// load has nothing to read: the settings live in the preferences.
func (s *settingsScreen) load() {}
