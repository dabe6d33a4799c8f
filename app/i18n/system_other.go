//go:build !windows && !darwin

package i18n

// systemLanguages: elsewhere the locale variables are the system's say.
func systemLanguages() []string { return nil }
