package letter

import (
	"fmt"

	"beianledger/ledger"
)

// SettingPrefix starts the vault setting that holds the user's copy of a
// template: SettingPrefix + kind ("letter.template.agent-authorisation").
// An empty value means "use the built-in".
const SettingPrefix = "letter.template."

// trialDate dates the trial rendering of a template before it is stored.
var trialDate = ledger.Date{Y: 2026, M: 1, D: 5}

// StoredSource returns the source of the user's template for kind kept in
// the vault, or "" if there is none.
func StoredSource(r ledger.Reader, kind string) (string, error) {
	return r.Setting(SettingPrefix + kind)
}

// Stored returns the user's template for kind kept in the vault. ok is
// false if there is none. A stored copy that no longer parses is an error
// naming the kind and the line.
func Stored(r ledger.Reader, kind string) (t *Template, ok bool, err error) {
	src, err := StoredSource(r, kind)
	if err != nil || src == "" {
		return nil, false, err
	}
	t, err = Parse(kind, src)
	if err != nil {
		return nil, false, err
	}
	return t, true, nil
}

// TemplateFor is the template letters of kind are rendered with: the
// user's copy in the vault if there is one (user is true), else the
// built-in.
func TemplateFor(r ledger.Reader, kind string) (t *Template, user bool, err error) {
	if t, ok, err := Stored(r, kind); err != nil || ok {
		return t, ok, err
	}
	t, err = builtin(kind)
	return t, false, err
}

// StoreTemplate keeps src as the user's template for kind in the vault.
// It is refused, and nothing is written, if kind is not a built-in kind,
// if src does not parse, or if it fails on a trial letter with every
// field empty (a misspelt field name is caught here rather than on the
// day a letter is needed). Errors are [*Error] with the line.
func StoreTemplate(w ledger.Writer, kind, src string) error {
	if _, ok := Builtin(kind); !ok {
		return fmt.Errorf("letter: unknown template kind %q", kind)
	}
	t, err := Parse(kind, src)
	if err != nil {
		return err
	}
	if _, err := t.build(Data{Date: trialDate}); err != nil {
		return err
	}
	return w.PutSetting(SettingPrefix+kind, src)
}

// ResetTemplate drops the user's template for kind: letters use the
// built-in again.
func ResetTemplate(w ledger.Writer, kind string) error {
	return w.PutSetting(SettingPrefix+kind, "")
}
