package gui

import (
	"math"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/trustelem/zxcvbn"
)

// minPassphraseScore is the weakest master passphrase accepted: zxcvbn's
// score 3, at least 10^8 guesses by its estimate. Behind Argon2id at about
// a second a guess, that is years of one machine's work for a stolen file;
// score 2 (10^6) would be days.
const minPassphraseScore = 3

// passEstimate is zxcvbn's estimate of a passphrase.
type passEstimate struct {
	score   int     // 0 … 4
	log10   float64 // log10 of the guesses needed
	hintKey string  // the i18n key of what makes it weak, "" if nothing
}

// estimatePassphrase runs zxcvbn (github.com/trustelem/zxcvbn, a port of
// Dropbox's estimator 4.4.2 checked against its test vectors) over p; inputs are words the
// user's context makes guessable (the app's name, the vault file). Chinese
// characters count as zxcvbn counts any character it has no dictionary
// for: each one about ten guesses, so a short Chinese phrase is weak and
// a sentence of several words is not.
func estimatePassphrase(p string, inputs ...string) passEstimate {
	if p == "" {
		return passEstimate{}
	}
	words := append([]string{"beian", "beianledger", "ledger", "icp", "备案", "台账", "备案台账", "miit"}, inputs...)
	r := zxcvbn.PasswordStrength(p, words)
	e := passEstimate{score: r.Score, log10: math.Log10(max(r.Guesses, 1))}
	if e.score >= minPassphraseScore {
		return e
	}
	// Name what made it guessable: the first pattern zxcvbn matched other
	// than plain characters.
	for _, m := range r.Sequence {
		switch m.Pattern {
		case "dictionary":
			e.hintKey = "pass.hint.word"
		case "spatial":
			e.hintKey = "pass.hint.keyboard"
		case "repeat":
			e.hintKey = "pass.hint.repeat"
		case "sequence":
			e.hintKey = "pass.hint.sequence"
		case "date", "regex":
			e.hintKey = "pass.hint.date"
		}
		if e.hintKey != "" {
			return e
		}
	}
	han := 0
	for _, c := range p {
		if unicode.Is(unicode.Han, c) {
			han++
		}
	}
	switch {
	case han > 0:
		e.hintKey = "pass.hint.han"
	default:
		e.hintKey = "pass.hint.short"
	}
	return e
}

// vaultWords are the guessable words of a vault's path: its file name.
func vaultWords(path string) []string {
	b := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if b == "" || b == "." {
		return nil
	}
	return []string{b}
}

// strengthText is the meter's label for e: the estimate, and why it is
// weak.
func (u *ui) strengthText(e passEstimate, empty bool) string {
	if empty {
		return u.t("strength.none")
	}
	return u.t("pass.score", u.t("pass.score"+string(rune('0'+e.score))), int(math.Round(e.log10)))
}

// weakMessage is the error shown when a too-weak passphrase is refused.
func (u *ui) weakMessage(e passEstimate) string {
	msg := u.t("pass.tooWeak", int(math.Round(e.log10)))
	if e.hintKey != "" {
		msg += " " + u.t(e.hintKey)
	}
	return msg + " " + u.t("pass.advice")
}
