package policy

import (
	"math"

	"github.com/trustelem/zxcvbn"
)

// MinPassphraseScore is the weakest passphrase accepted for a way into a
// vault: zxcvbn's score 3, at least 10^8 guesses by its estimate (the
// desktop app's create, add and change dialogs hold to the same score).
const MinPassphraseScore = 3

// guessableWords are words anyone attacking a filing ledger tries first.
var guessableWords = []string{"beian", "beianledger", "ledger", "icp", "备案", "台账", "备案台账", "miit"}

// PassphraseScore is zxcvbn's score (0 … 4) of p and log10 of the guesses
// it estimates; inputs are further words the context makes guessable (a
// label, the vault's file name).
func PassphraseScore(p string, inputs ...string) (score int, log10 float64) {
	if p == "" {
		return 0, 0
	}
	r := zxcvbn.PasswordStrength(p, append(append([]string(nil), guessableWords...), inputs...))
	return r.Score, math.Log10(max(r.Guesses, 1))
}
