// Package policy describes the password rules of the systems whose
// credentials the ledger keeps (cloud-provider consoles, domain registrars,
// the legacy MIIT ICP filing system, …), checks passwords against them and
// generates passwords that satisfy them.
//
// The package uses only the standard library. Randomness comes from
// crypto/rand alone.
//
// # Policies
//
// A [Policy] names the character classes a password must contain (upper-case
// letters, lower-case letters, digits, symbols from [Policy.SymbolSet]) and
// its length bounds. An enabled class is both allowed and required; the
// characters of a disabled class are not allowed. Only printable ASCII can be
// allowed. [Policy.Validate] rejects policies that no password can satisfy.
//
// The built-in presets ([MIITLegacy], [ProviderConsole], [Registrar],
// [Strong], [PIN6]) are listed by [Presets] and found by name with [Preset].
// Their names are stable identifiers that may be stored.
//
// # Checking
//
// [Policy.Check] lists every [Problem] it finds in a password: length, missing
// classes, characters that are not allowed, personal data from an [Avoid]
// (mobile numbers, dates such as a birthday, names in pinyin or Latin script),
// four or more identical characters in a row and ascending runs such as 1234
// or abcd. Problem codes are stable (see the Code constants); messages are
// short English text for logs and the CLI and never quote the password.
//
// # Generation
//
// [Generate] and [GenerateN] draw each character uniformly (rejection
// sampling, no modulo bias): one character of each required class from that
// class, the rest from the whole alphabet (see [Policy.Alphabet]). The result
// is then shuffled with a Fisher–Yates shuffle, so every required class
// appears at a random position. A candidate
// that [Policy.Check] objects to is discarded and drawn again, up to
// [MaxAttempts] times. [Entropy] gives the strength of a generated password.
//
// Passwords are returned as []byte so that callers can wipe them with clear
// once they are stored; the package wipes its own temporary copies.
//
// # Strength
//
// [Strength] is a rough estimator for a strength meter on user-typed
// passwords and passphrases, Chinese ones included. It is a heuristic, not a
// measurement: it only knows character classes, repeats, runs, dates, mobile
// numbers and a short list of very common passwords.
package policy
