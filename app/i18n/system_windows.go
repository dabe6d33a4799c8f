package i18n

import "golang.org/x/sys/windows"

// systemLanguages are the user's preferred UI languages ("zh-CN", "en-US"),
// the display language chosen in Windows settings first.
func systemLanguages() []string {
	langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil {
		return nil
	}
	return langs
}
