package i18n

import (
	"context"
	"os/exec"
	"strings"
	"time"
)

// systemLanguages are the user's preferred languages from System Settings
// (AppleLanguages: "zh-Hans-CN", "en-US"), read with defaults(1); an app
// started from the Finder has no LANG.
func systemLanguages() []string {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "defaults", "read", "-g", "AppleLanguages").Output()
	if err != nil {
		return nil
	}
	var langs []string
	for _, f := range strings.FieldsFunc(string(out), func(r rune) bool { return strings.ContainsRune("(),\"\n ", r) }) {
		if f != "" {
			langs = append(langs, f)
		}
	}
	return langs
}
