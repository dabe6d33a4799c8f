package policy

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func codes(ps []Problem) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Code)
	}
	return out
}

// classOf returns the index of b's class in p.classes(), or -1.
func classOf(p Policy, b byte) int {
	for i, c := range p.classes() {
		if bytes.IndexByte(c.chars, b) >= 0 {
			return i
		}
	}
	return -1
}

func TestPresetsDefinitions(t *testing.T) {
	vars := map[string]Policy{
		"miit-legacy":      MIITLegacy,
		"provider-console": ProviderConsole,
		"registrar":        Registrar,
		"strong":           Strong,
		"pin6":             PIN6,
	}
	want := []struct {
		name           string
		min, max       int
		u, l, d, s     bool
		defaultLength  int
		alphabetLength int
	}{
		{"miit-legacy", 8, 20, true, true, true, true, 20, 24 + 25 + 8 + 23},
		{"provider-console", 16, 32, true, true, true, true, 20, 26 + 26 + 10 + 23},
		{"registrar", 16, 32, true, true, true, true, 20, 26 + 26 + 10 + 12},
		{"strong", 24, 64, true, true, true, true, 24, 26 + 26 + 10 + 23},
		{"pin6", 6, 6, false, false, true, false, 6, 10},
	}
	ps := Presets()
	if len(ps) != len(want) {
		t.Fatalf("Presets() has %d policies, want %d", len(ps), len(want))
	}
	for i, w := range want {
		p := ps[i]
		if p.Name != w.name || p.MinLen != w.min || p.MaxLen != w.max ||
			p.Upper != w.u || p.Lower != w.l || p.Digits != w.d || p.Symbols != w.s {
			t.Errorf("Presets()[%d] = %+v, want %+v", i, p, w)
		}
		if err := p.Validate(); err != nil {
			t.Errorf("%s: Validate: %v", p.Name, err)
		}
		if got := p.DefaultLength(); got != w.defaultLength {
			t.Errorf("%s: DefaultLength = %d, want %d", p.Name, got, w.defaultLength)
		}
		if got := len(p.Alphabet()); got != w.alphabetLength {
			t.Errorf("%s: alphabet %q has %d characters, want %d", p.Name, p.Alphabet(), got, w.alphabetLength)
		}
		if isASCII(p.Description) || !strings.ContainsAny(p.Description, "abcdefghijklmnopqrstuvwxyz") {
			t.Errorf("%s: description %q is not Chinese and English", p.Name, p.Description)
		}
		if got, ok := Preset(w.name); !ok || got != p {
			t.Errorf("Preset(%q) = %+v, %v", w.name, got, ok)
		}
		if vars[w.name] != p {
			t.Errorf("exported variable for %s differs from Presets()", w.name)
		}
	}
	if _, ok := Preset("nope"); ok {
		t.Error(`Preset("nope") found a policy`)
	}
	if p, ok := Preset(" MIIT-Legacy "); !ok || p.Name != "miit-legacy" {
		t.Error("Preset does not ignore case and spaces")
	}
	ps[0].MinLen = 1
	if Presets()[0].MinLen != 8 {
		t.Error("Presets returns shared state")
	}
	if strings.ContainsAny(MIITLegacy.Alphabet(), Ambiguous) {
		t.Errorf("miit-legacy alphabet %q holds ambiguous characters", MIITLegacy.Alphabet())
	}
}

func TestPresetsGenerate(t *testing.T) {
	for _, p := range Presets() {
		t.Run(p.Name, func(t *testing.T) {
			cls := p.classes()
			alphabet := p.Alphabet()
			for range 500 {
				pw, err := Generate(p, Avoid{})
				if err != nil {
					t.Fatal(err)
				}
				if len(pw) != p.DefaultLength() {
					t.Fatalf("%q: length %d, want %d", pw, len(pw), p.DefaultLength())
				}
				if probs := p.Check(pw, Avoid{}); len(probs) != 0 {
					t.Fatalf("%q: %v", pw, probs)
				}
				seen := make([]bool, len(cls))
				for _, b := range pw {
					if strings.IndexByte(alphabet, b) < 0 {
						t.Fatalf("%q: %q is not in the alphabet", pw, b)
					}
					seen[classOf(p, b)] = true
				}
				if slices.Contains(seen, false) {
					t.Fatalf("%q misses a class: %v", pw, seen)
				}
			}
		})
	}
}

func TestGenerateNBounds(t *testing.T) {
	for _, p := range Presets() {
		for _, n := range []int{p.MinLen, (p.MinLen + p.MaxLen) / 2, p.MaxLen} {
			pw, err := GenerateN(p, n, Avoid{})
			if err != nil {
				t.Fatalf("%s n=%d: %v", p.Name, n, err)
			}
			if len(pw) != n || len(p.Check(pw, Avoid{})) != 0 {
				t.Errorf("%s n=%d: %q (%v)", p.Name, n, pw, p.Check(pw, Avoid{}))
			}
		}
		for _, n := range []int{p.MinLen - 1, p.MaxLen + 1, 0, -5} {
			if pw, err := GenerateN(p, n, Avoid{}); !errors.Is(err, ErrInvalidPolicy) || pw != nil {
				t.Errorf("%s n=%d: %q, %v; want ErrInvalidPolicy", p.Name, n, pw, err)
			}
		}
	}
	// Four required classes in four characters: one of each.
	p := Policy{Name: "tiny", MinLen: 4, MaxLen: 4, Upper: true, Lower: true, Digits: true, Symbols: true}
	for range 200 {
		pw, err := Generate(p, Avoid{})
		if err != nil {
			t.Fatal(err)
		}
		if probs := p.Check(pw, Avoid{}); len(probs) != 0 {
			t.Fatalf("%q: %v", pw, probs)
		}
	}
}

func TestValidate(t *testing.T) {
	all := Policy{MinLen: 8, MaxLen: 20, Upper: true, Lower: true, Digits: true, Symbols: true}
	with := func(f func(*Policy)) Policy { p := all; f(&p); return p }
	tests := []struct {
		name string
		p    Policy
		ok   bool
	}{
		{"all classes", all, true},
		{"one digit", Policy{MinLen: 1, MaxLen: 1, Digits: true}, true},
		{"pipe only, ambiguous kept", Policy{MinLen: 1, MaxLen: 3, Symbols: true, SymbolSet: "|"}, true},
		{"odd symbol set ignored when symbols are off", with(func(p *Policy) { p.Symbols = false; p.SymbolSet = "ab" }), true},
		{"min len zero", with(func(p *Policy) { p.MinLen = 0 }), false},
		{"negative min len", with(func(p *Policy) { p.MinLen = -1 }), false},
		{"min above max", with(func(p *Policy) { p.MinLen, p.MaxLen = 10, 8 }), false},
		{"max above limit", with(func(p *Policy) { p.MaxLen = MaxLenLimit + 1 }), false},
		{"no class", Policy{MinLen: 8, MaxLen: 20}, false},
		{"min below class count", with(func(p *Policy) { p.MinLen = 3 }), false},
		{"letter in symbol set", with(func(p *Policy) { p.SymbolSet = "!a" }), false},
		{"space in symbol set", with(func(p *Policy) { p.SymbolSet = "! " }), false},
		{"non-ascii symbol", with(func(p *Policy) { p.SymbolSet = "！" }), false},
		{"symbols empty after exclusion", with(func(p *Policy) { p.SymbolSet = "|"; p.ExcludeAmbiguous = true }), false},
	}
	for _, tt := range tests {
		err := tt.p.Validate()
		if (err == nil) != tt.ok {
			t.Errorf("%s: Validate() = %v, want ok=%v", tt.name, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrInvalidPolicy) {
			t.Errorf("%s: %v does not wrap ErrInvalidPolicy", tt.name, err)
		}
		if !tt.ok {
			if pw, err := Generate(tt.p, Avoid{}); err == nil || pw != nil {
				t.Errorf("%s: Generate = %q, %v; want an error", tt.name, pw, err)
			}
			if Entropy(tt.p, 10) != 0 {
				t.Errorf("%s: Entropy of an invalid policy is not 0", tt.name)
			}
		}
	}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestCheck(t *testing.T) {
	m := MIITLegacy
	phone := Avoid{Phones: []string{"13800138000"}}
	birthday := Avoid{Dates: []time.Time{date(1990, 3, 7)}}
	names := Avoid{Names: []string{"Zhang Wei", "Li Na", "张伟", "Al"}}
	tests := []struct {
		p     Policy
		pw    string
		avoid Avoid
		want  []string
	}{
		{m, "Ax7!kP2q", Avoid{}, nil},
		{m, "Ax7!kP2q0O1lI", Avoid{}, nil}, // ambiguous characters are accepted
		{m, "Ax7!", Avoid{}, []string{CodeTooShort}},
		{m, "Ax7!kP2qAx7!kP2qAx7!k", Avoid{}, []string{CodeTooLong}},
		{m, "qwerty1!", Avoid{}, []string{CodeMissingUpper}},
		{m, "QWERTY1!", Avoid{}, []string{CodeMissingLower}},
		{m, "Qwerty!!", Avoid{}, []string{CodeMissingDigit}},
		{m, "Qwerty12", Avoid{}, []string{CodeMissingSymbol}},
		{m, "qwerty", Avoid{}, []string{CodeTooShort, CodeMissingUpper, CodeMissingDigit, CodeMissingSymbol}},
		{m, "Qwerty1!中", Avoid{}, []string{CodeBadChar}},
		{m, "Qwerty1!~", Avoid{}, []string{CodeBadChar}},
		{m, "Qwerty1! x", Avoid{}, []string{CodeBadChar}},
		{m, "Qwerty1!\xff", Avoid{}, []string{CodeBadChar}},
		{m, "中文密码很长很长", Avoid{}, []string{CodeMissingUpper, CodeMissingLower, CodeMissingDigit, CodeMissingSymbol, CodeBadChar}},
		{m, "Qaaaa1!x", Avoid{}, []string{CodeRepeated}},
		{m, "Qaaa1!xa", Avoid{}, nil},
		{m, "Q!!!!1xa", Avoid{}, []string{CodeRepeated}},
		{m, "Q1234!xy", Avoid{}, []string{CodeSequence}},
		{m, "Qabcd!1x", Avoid{}, []string{CodeSequence}},
		{m, "QaBcD!1x", Avoid{}, []string{CodeSequence}},
		{m, "Q4321!xy", Avoid{}, nil},
		{m, "Q123!xyz", Avoid{}, nil},
		{m, "Q789:!xy", Avoid{}, nil}, // ':' follows '9' in ASCII but is no sequence
		{m, "Ab1!13800138000x", phone, []string{CodeContainsPersonal}},
		{m, "Ab1!13800138000x", Avoid{Phones: []string{"+86 138-0013-8000"}}, []string{CodeContainsPersonal}},
		{m, "Ab1!13800138000x", Avoid{Phones: []string{"0086 13800138000"}}, []string{CodeContainsPersonal}},
		{m, "Kq!138000Zz", phone, []string{CodeContainsPersonal}},
		{m, "Kq!8000Zzx", phone, nil}, // last four digits are allowed
		{m, "Kq!8000Zzx", Avoid{Phones: []string{"8000"}}, nil},
		{m, "Zz!19900307", birthday, []string{CodeContainsPersonal}},
		{m, "Zz!900307x", birthday, []string{CodeContainsPersonal}},
		{m, "Zz!0307xqQ", birthday, []string{CodeContainsPersonal}},
		{m, "Zz!0703kqQ", birthday, []string{CodeContainsPersonal}},
		{m, "Zz!0308kqQ", birthday, nil},
		{m, "Zz!0307kqQ", Avoid{Dates: []time.Time{{}}}, nil},
		{m, "Zz!0307kqQ", Avoid{Dates: []time.Time{time.Date(1990, 3, 7, 23, 0, 0, 0, time.FixedZone("CST", 8*3600))}}, []string{CodeContainsPersonal}},
		{m, "ZHANGwei!1xQ", names, []string{CodeContainsPersonal}},
		{m, "WeiZhang!1x", names, []string{CodeContainsPersonal}},
		{m, "xq!Zhang9Q", names, []string{CodeContainsPersonal}},
		{m, "Lina!9Qx", names, []string{CodeContainsPersonal}},
		{m, "Li!9Qnax", names, nil}, // "li", "na" and "al" are too short
		{m, "Ab1!13800138000x", Avoid{Phones: []string{"13800138000"}, Dates: []time.Time{date(2000, 1, 38)}, Names: []string{"abx"}}, []string{CodeContainsPersonal}},
		{m, "Ab1!13800138000x0207", Avoid{Phones: []string{"13800138000"}, Dates: []time.Time{date(2000, 2, 7)}}, []string{CodeContainsPersonal, CodeContainsPersonal}},
		{PIN6, "135792", Avoid{}, nil},
		{PIN6, "123456", Avoid{}, []string{CodeSequence}},
		{PIN6, "000000", Avoid{}, []string{CodeRepeated}},
		{PIN6, "12a456", Avoid{}, []string{CodeBadChar}},
		{PIN6, "1357", Avoid{}, []string{CodeTooShort}},
		{PIN6, "138000", phone, []string{CodeContainsPersonal}},
		{Registrar, "Xq7!kP2qXq7!kP2q", Avoid{}, nil},
		{Registrar, "Xq7(kP2qXq7(kP2q", Avoid{}, []string{CodeMissingSymbol, CodeBadChar}},
	}
	for _, tt := range tests {
		got := tt.p.Check([]byte(tt.pw), tt.avoid)
		if got == nil {
			t.Errorf("%s.Check(%q) returned nil", tt.p.Name, tt.pw)
		}
		if !slices.Equal(codes(got), append([]string{}, tt.want...)) {
			t.Errorf("%s.Check(%q, %+v) = %v, want %v", tt.p.Name, tt.pw, tt.avoid, got, tt.want)
		}
		for _, p := range got {
			if p.Message == "" || p.Message != strings.ToLower(p.Message) || strings.Contains(p.Message, tt.pw) {
				t.Errorf("%s.Check(%q): bad message %q", tt.p.Name, tt.pw, p.Message)
			}
		}
	}
}

func TestGenerateAvoidsPersonalData(t *testing.T) {
	avoid := Avoid{Phones: []string{"13800138000"}, Dates: []time.Time{date(1990, 3, 7)}}
	banned := []string{"138000", "0307", "0703", "900307"}
	for range 20000 {
		pw, err := Generate(PIN6, avoid)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range banned {
			if bytes.Contains(pw, []byte(b)) {
				t.Fatalf("PIN %q contains %q", pw, b)
			}
		}
	}
}

// TestGenerateRegenerates feeds random bytes that make the first candidate
// "138000" and checks that it comes out as is without Avoid and is drawn
// again with Avoid.
func TestGenerateRegenerates(t *testing.T) {
	// One byte per digit (values below 250 are accepted for n = 10), then
	// j = i for the Fisher–Yates steps i = 5..1, so nothing moves.
	prefix := []byte{1, 3, 8, 0, 0, 0, 5, 4, 3, 2, 1}
	src := func() io.Reader { return io.MultiReader(bytes.NewReader(prefix), rand.Reader) }

	pw, err := generate(PIN6, 6, Avoid{}, src())
	if err != nil || string(pw) != "138000" {
		t.Fatalf("without Avoid: %q, %v; want the first candidate 138000", pw, err)
	}
	for range 50 {
		pw, err = generate(PIN6, 6, Avoid{Phones: []string{"13800138000"}}, src())
		if err != nil || len(pw) != 6 || bytes.Contains(pw, []byte("138000")) {
			t.Fatalf("with Avoid: %q, %v", pw, err)
		}
	}
	// A failing source is reported, not turned into a weak password.
	pw, err = generate(PIN6, 6, Avoid{}, bytes.NewReader(prefix))
	if err == nil || pw != nil {
		t.Fatalf("short source: %q, %v; want an error", pw, err)
	}
}

func TestGenerateExhausted(t *testing.T) {
	// The only possible password is "!!!!", which is always "repeated".
	p := Policy{Name: "bang", MinLen: 4, MaxLen: 4, Symbols: true, SymbolSet: "!"}
	pw, err := Generate(p, Avoid{})
	if !errors.Is(err, ErrExhausted) || pw != nil {
		t.Fatalf("Generate = %q, %v; want ErrExhausted", pw, err)
	}
}

func TestIntnUniform(t *testing.T) {
	for _, n := range []int{1, 2, 3, 10, 23, 85, 100, 256} {
		// Every byte value once, the ones to reject first: each result
		// must come up equally often.
		accepted := 256 - 256%n
		all := make([]byte, 0, 256)
		for i := accepted; i < 256; i++ {
			all = append(all, byte(i))
		}
		for i := range accepted {
			all = append(all, byte(i))
		}
		r := &rng{src: bytes.NewReader(all)}
		counts := make([]int, n)
		if n == 1 {
			accepted = 0 // intn(1) reads nothing
		}
		for range accepted {
			counts[r.intn(n)]++
		}
		if n > 1 {
			for v, c := range counts {
				if c != accepted/n {
					t.Errorf("n=%d: value %d drawn %d times, want %d", n, v, c, accepted/n)
				}
			}
		}
		if r.err != nil {
			t.Errorf("n=%d: %v", n, r.err)
		}
	}
	// Large n takes four bytes per draw.
	r := &rng{src: rand.Reader}
	for range 1000 {
		if v := r.intn(1000); v < 0 || v >= 1000 {
			t.Fatalf("intn(1000) = %d", v)
		}
	}
}

// TestPositionsShuffled checks that the forced class characters do not
// stay in front: at every position each class shows up about as often as
// on average over all positions.
func TestPositionsShuffled(t *testing.T) {
	p := ProviderConsole
	n := p.DefaultLength()
	ncls := len(p.classes())
	perPos := make([][]int, n) // [position][class]
	for i := range perPos {
		perPos[i] = make([]int, ncls)
	}
	const tries = 3000
	for range tries {
		pw, err := Generate(p, Avoid{})
		if err != nil {
			t.Fatal(err)
		}
		for i, b := range pw {
			perPos[i][classOf(p, b)]++
		}
	}
	for c := range ncls {
		total := 0
		for i := range n {
			total += perPos[i][c]
		}
		want := float64(total) / float64(n)
		for i := range n {
			if got := float64(perPos[i][c]); math.Abs(got-want) > 0.3*want {
				t.Errorf("class %d at position %d: %v times, want %.0f ± 30%%", c, i, got, want)
			}
		}
	}
}

// count generates passwords of length n until at least total characters
// are drawn and counts each character.
func count(t *testing.T, p Policy, n, total int) (map[byte]int, int) {
	t.Helper()
	freq := map[byte]int{}
	drawn := 0
	for drawn < total {
		pw, err := GenerateN(p, n, Avoid{})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range pw {
			freq[b]++
		}
		drawn += len(pw)
	}
	return freq, drawn
}

// TestDistributionUniform checks the whole alphabet of a long password.
// Forcing one character per class favours the small classes slightly; at
// length 64 digits are expected about 7% above uniform, well inside the 30%
// bound (about 27 standard deviations per character cover 30% here).
func TestDistributionUniform(t *testing.T) {
	p := Strong
	alphabet := p.Alphabet()
	freq, drawn := count(t, p, 64, 64000)
	want := float64(drawn) / float64(len(alphabet))
	for i := 0; i < len(alphabet); i++ {
		c := freq[alphabet[i]]
		if math.Abs(float64(c)-want) > 0.3*want {
			t.Errorf("%q drawn %d times, want %.0f ± 30%%", alphabet[i], c, want)
		}
	}
	if len(freq) != len(alphabet) {
		t.Errorf("%d distinct characters drawn, alphabet has %d", len(freq), len(alphabet))
	}
}

// TestDistributionWithinClass checks at the default length of every preset
// that every allowed character is drawn and that, within each class, no
// character is more than 30% away from the class average.
func TestDistributionWithinClass(t *testing.T) {
	for _, p := range Presets() {
		t.Run(p.Name, func(t *testing.T) {
			freq, _ := count(t, p, p.DefaultLength(), 20000)
			for b := range freq {
				if classOf(p, b) < 0 {
					t.Errorf("%q is not in the alphabet", b)
				}
			}
			for _, cl := range p.classes() {
				total := 0
				for _, b := range cl.chars {
					total += freq[b]
				}
				want := float64(total) / float64(len(cl.chars))
				for _, b := range cl.chars {
					if c := freq[b]; c == 0 || math.Abs(float64(c)-want) > 0.3*want {
						t.Errorf("%q drawn %d times, want %.0f ± 30%%", b, c, want)
					}
				}
			}
		})
	}
}

func TestEntropy(t *testing.T) {
	tests := []struct {
		p    Policy
		n    int
		want float64
	}{
		{PIN6, 6, 6 * math.Log2(10)},
		{ProviderConsole, 20, 20 * math.Log2(85)},
		{MIITLegacy, 20, 20 * math.Log2(80)},
		{Registrar, 16, 16 * math.Log2(74)},
		{PIN6, 0, 0},
	}
	for _, tt := range tests {
		if got := Entropy(tt.p, tt.n); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("Entropy(%s, %d) = %v, want %v", tt.p.Name, tt.n, got, tt.want)
		}
	}
}

func TestStrength(t *testing.T) {
	order := map[string]int{LabelWeak: 0, LabelFair: 1, LabelGood: 2, LabelStrong: 3}
	tests := []struct {
		pw       string
		min, max string
	}{
		{"", LabelWeak, LabelWeak},
		{"123456", LabelWeak, LabelWeak},
		{"password", LabelWeak, LabelWeak},
		{"P@ssw0rd!", LabelWeak, LabelWeak},
		{"qwertyuiop", LabelWeak, LabelWeak},
		{"19900307", LabelWeak, LabelWeak},
		{"13800138000", LabelWeak, LabelWeak},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", LabelWeak, LabelWeak},
		{"abcdefghijklmnopqrstuvwxyz", LabelWeak, LabelWeak},
		{"abcabcabcabcabcabcabcabc", LabelWeak, LabelWeak},
		{"备案备案备案备案备案", LabelWeak, LabelWeak},
		{"Zhang1990!", LabelWeak, LabelFair},
		{"correct horse battery staple", LabelGood, LabelStrong},
		{"备案台账很重要请保管好", LabelFair, LabelStrong},
		{"kX9#mQ2$vL7!", LabelGood, LabelStrong},
		{"Qx7!Kp2#Wm9$Ln4&Tz6*Hb3^", LabelStrong, LabelStrong},
	}
	for _, tt := range tests {
		bits, label := Strength([]byte(tt.pw))
		if order[label] < order[tt.min] || order[label] > order[tt.max] {
			t.Errorf("Strength(%q) = %.1f bits %q, want %s to %s", tt.pw, bits, label, tt.min, tt.max)
		}
		if bits < 0 || math.IsNaN(bits) {
			t.Errorf("Strength(%q) = %v bits", tt.pw, bits)
		}
	}
	// Labels follow the thresholds.
	for range 200 {
		pw, err := Generate(Strong, Avoid{})
		if err != nil {
			t.Fatal(err)
		}
		bits, label := Strength(pw)
		want := LabelStrong
		switch {
		case bits < 40:
			want = LabelWeak
		case bits < 60:
			want = LabelFair
		case bits < 80:
			want = LabelGood
		}
		if label != want || !utf8.Valid(pw) {
			t.Fatalf("Strength(%q) = %.1f %q, want %q", pw, bits, label, want)
		}
	}
	// Invalid UTF-8 and huge input do not break it.
	if bits, _ := Strength([]byte("\xff\xfe\xfd")); bits <= 0 {
		t.Errorf("invalid UTF-8 scored %v", bits)
	}
	if _, label := Strength(bytes.Repeat([]byte("备案abc12!"), 2000)); label == "" {
		t.Error("no label for a long input")
	}
}

func BenchmarkGenerate(b *testing.B) {
	avoid := Avoid{
		Phones: []string{"13800138000"},
		Dates:  []time.Time{date(1990, 3, 7)},
		Names:  []string{"Zhang Wei"},
	}
	for _, p := range []Policy{MIITLegacy, Strong, PIN6} {
		b.Run(p.Name, func(b *testing.B) {
			for b.Loop() {
				pw, err := Generate(p, avoid)
				if err != nil {
					b.Fatal(err)
				}
				clear(pw)
			}
		})
	}
}
