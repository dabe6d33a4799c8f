package gui

import "fyne.io/fyne/v2/widget"

// newThemeChoice is the Settings choice of system, light or dark; the
// choice applies at once and is remembered. It is stored in *out too.
func (u *ui) newThemeChoice(out **widget.RadioGroup) *widget.RadioGroup {
	keys := []string{themeSystem, themeLight, themeDark}
	labels := make([]string, len(keys))
	for i, k := range keys {
		labels[i] = u.t("settings.theme." + k)
	}
	r := widget.NewRadioGroup(labels, nil)
	r.Horizontal = true
	r.Required = true
	cur := u.app.Preferences().StringWithFallback(prefTheme, themeSystem)
	for i, k := range keys {
		if k == cur {
			r.SetSelected(labels[i])
		}
	}
	r.OnChanged = func(v string) {
		for i, l := range labels {
			if l == v {
				u.app.Preferences().SetString(prefTheme, keys[i])
				u.app.Settings().SetTheme(NewThemeVariant(keys[i]))
			}
		}
	}
	*out = r
	return r
}
