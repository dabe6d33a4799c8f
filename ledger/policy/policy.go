package policy

import (
	"errors"
	"fmt"
	"strings"
)

// DefaultSymbols is the symbol set used when [Policy.SymbolSet] is empty.
const DefaultSymbols = "!@#$%^&*()-_=+[]{};:,.?"

// Ambiguous lists the characters that [Policy.ExcludeAmbiguous] keeps out of
// generated passwords because they are easily confused when read or typed.
const Ambiguous = "0O1lI|"

// MaxLenLimit is the largest MaxLen that [Policy.Validate] accepts.
const MaxLenLimit = 1024

// ErrInvalidPolicy is wrapped by every error of [Policy.Validate] and by the
// errors of [Generate] and [GenerateN] for an invalid policy or length.
var ErrInvalidPolicy = errors.New("invalid password policy")

// Policy is the password rule of one system.
type Policy struct {
	// Name is a stable identifier such as "miit-legacy".
	Name string
	// Description explains the rule in Chinese and English.
	Description string
	// MinLen and MaxLen bound the length in characters, inclusive.
	MinLen, MaxLen int
	// Upper, Lower, Digits and Symbols enable a character class: A–Z, a–z,
	// 0–9 and the symbols of SymbolSet. An enabled class is required (at
	// least one character) and allowed; a disabled class is not allowed.
	Upper, Lower, Digits, Symbols bool
	// SymbolSet lists the allowed symbols, ASCII punctuation only. Empty
	// means DefaultSymbols.
	SymbolSet string
	// ExcludeAmbiguous keeps the characters of Ambiguous (0 O 1 l I |) out
	// of generated passwords. Check still accepts them: the target system
	// does.
	ExcludeAmbiguous bool
}

// Built-in presets. These variables are copies for convenience: Presets and
// Preset always return the original definitions, even if a variable is
// modified.
var (
	// MIITLegacy is the password rule of the legacy MIIT ICP filing system.
	MIITLegacy = miitLegacy()
	// ProviderConsole suits cloud-provider consoles and their filing systems.
	ProviderConsole = providerConsole()
	// Registrar suits domain-registrar accounts.
	Registrar = registrar()
	// Strong is for accounts without a restrictive rule.
	Strong = strong()
	// PIN6 is a six-digit PIN.
	PIN6 = pin6()
)

func miitLegacy() Policy {
	return Policy{
		Name:        "miit-legacy",
		Description: "工信部备案系统（旧版，2020年已停用）密码规则，未经核实（只见于非官方网页）：8–20 位，须含大写字母、小写字母、数字和特殊字符 / Legacy MIIT ICP filing system (abolished 2020), unverified (non-official pages only): 8–20 characters with upper-case, lower-case, digit and special character",
		MinLen:      8, MaxLen: 20,
		Upper: true, Lower: true, Digits: true, Symbols: true,
		ExcludeAmbiguous: true,
	}
}

func providerConsole() Policy {
	return Policy{
		Name:        "provider-console",
		Description: "云服务商控制台及其备案系统账号：16–32 位，含全部四类字符 / Cloud-provider console and filing accounts: 16–32 characters with all four character classes",
		MinLen:      16, MaxLen: 32,
		Upper: true, Lower: true, Digits: true, Symbols: true,
	}
}

func registrar() Policy {
	return Policy{
		Name:        "registrar",
		Description: "域名注册商账号：16–32 位，含全部四类字符，仅用网页表单普遍接受的特殊字符 / Domain-registrar accounts: 16–32 characters with all four classes, using only symbols that web forms commonly accept",
		MinLen:      16, MaxLen: 32,
		Upper: true, Lower: true, Digits: true, Symbols: true,
		SymbolSet: "!@#$%^*-_=+.",
	}
}

func strong() Policy {
	return Policy{
		Name:        "strong",
		Description: "高强度密码：24–64 位，含全部四类字符 / Strong password: 24–64 characters with all four character classes",
		MinLen:      24, MaxLen: 64,
		Upper: true, Lower: true, Digits: true, Symbols: true,
	}
}

func pin6() Policy {
	return Policy{
		Name:        "pin6",
		Description: "六位数字 PIN 码 / Six-digit PIN",
		MinLen:      6, MaxLen: 6,
		Digits: true,
	}
}

var presetFuncs = []func() Policy{miitLegacy, providerConsole, registrar, strong, pin6}

// Presets returns the built-in policies in a stable order: miit-legacy,
// provider-console, registrar, strong, pin6. The slice is new on every call.
func Presets() []Policy {
	out := make([]Policy, len(presetFuncs))
	for i, f := range presetFuncs {
		out[i] = f()
	}
	return out
}

// Preset returns the built-in policy with the given name, ignoring case and
// surrounding spaces, and whether it exists.
func Preset(name string) (Policy, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, f := range presetFuncs {
		if p := f(); p.Name == name {
			return p, true
		}
	}
	return Policy{}, false
}

// symbols returns the effective symbol set.
func (p Policy) symbols() string {
	if p.SymbolSet == "" {
		return DefaultSymbols
	}
	return p.SymbolSet
}

// charClass is one enabled character class.
type charClass struct {
	chars []byte // generation alphabet of the class, deduplicated, ascending
	code  string // Problem code when the class is missing
	msg   string
}

const (
	upperChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	lowerChars = "abcdefghijklmnopqrstuvwxyz"
	digitChars = "0123456789"
)

func isSymbol(b byte) bool {
	return b > ' ' && b < 0x7f && !isUpper(b) && !isLower(b) && !isDigit(b)
}

func isUpper(b byte) bool { return b >= 'A' && b <= 'Z' }
func isLower(b byte) bool { return b >= 'a' && b <= 'z' }
func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// classes returns the enabled classes with their generation alphabets
// (ambiguous characters removed when ExcludeAmbiguous is set). Symbols that
// are not ASCII punctuation are left out; Validate reports them.
func (p Policy) classes() []charClass {
	var out []charClass
	add := func(on bool, chars, code, msg string) {
		if !on {
			return
		}
		var seen [128]bool
		var cs []byte
		for i := 0; i < len(chars); i++ {
			b := chars[i]
			if b >= 128 || seen[b] || (p.ExcludeAmbiguous && strings.IndexByte(Ambiguous, b) >= 0) {
				continue
			}
			if code == CodeMissingSymbol && !isSymbol(b) {
				continue
			}
			seen[b] = true
			cs = append(cs, b)
		}
		// Ascending order makes the alphabet independent of how SymbolSet
		// is written.
		for i := 1; i < len(cs); i++ {
			for j := i; j > 0 && cs[j] < cs[j-1]; j-- {
				cs[j], cs[j-1] = cs[j-1], cs[j]
			}
		}
		out = append(out, charClass{chars: cs, code: code, msg: msg})
	}
	add(p.Upper, upperChars, CodeMissingUpper, "no upper-case letter")
	add(p.Lower, lowerChars, CodeMissingLower, "no lower-case letter")
	add(p.Digits, digitChars, CodeMissingDigit, "no digit")
	add(p.Symbols, p.symbols(), CodeMissingSymbol, "no symbol")
	return out
}

// Alphabet returns the characters a generated password is drawn from: the
// enabled classes, without Ambiguous when ExcludeAmbiguous is set.
func (p Policy) Alphabet() string {
	var sb strings.Builder
	for _, c := range p.classes() {
		sb.Write(c.chars)
	}
	return sb.String()
}

// DefaultLength is the length of a password made by [Generate]:
// max(MinLen, min(MaxLen, 20)).
func (p Policy) DefaultLength() int {
	return max(p.MinLen, min(p.MaxLen, 20))
}

// Validate reports whether some password can satisfy the policy. The error
// wraps [ErrInvalidPolicy].
func (p Policy) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w %q: %s", ErrInvalidPolicy, p.Name, fmt.Sprintf(format, args...))
	}
	if p.MinLen < 1 {
		return bad("min length %d is below 1", p.MinLen)
	}
	if p.MaxLen < p.MinLen {
		return bad("max length %d is below min length %d", p.MaxLen, p.MinLen)
	}
	if p.MaxLen > MaxLenLimit {
		return bad("max length %d is above %d", p.MaxLen, MaxLenLimit)
	}
	if p.Symbols {
		for i := 0; i < len(p.SymbolSet); i++ {
			if !isSymbol(p.SymbolSet[i]) {
				return bad("symbol set holds a character that is not ASCII punctuation")
			}
		}
	}
	cls := p.classes()
	if len(cls) == 0 {
		return bad("no character class is enabled")
	}
	for _, c := range cls {
		if len(c.chars) == 0 {
			return bad("a character class is empty once ambiguous characters are excluded")
		}
	}
	if p.MinLen < len(cls) {
		return bad("min length %d is below the %d required classes", p.MinLen, len(cls))
	}
	return nil
}
