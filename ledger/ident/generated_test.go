package ident

import (
	"math/rand"
	"testing"
	"time"
)

const generatedCount = 1000

// randomUSCC17 returns 17 characters shaped like a USCC: positions 3–8 a
// province's area code, positions 9–17 an organisation code with its
// GB 11714 check character.
func randomUSCC17(rng *rand.Rand) []byte {
	b := make([]byte, 17)
	for i := range b {
		if i >= 2 && i < 8 {
			b[i] = byte('0' + rng.Intn(10))
		} else {
			b[i] = usccCharset[rng.Intn(len(usccCharset))]
		}
	}
	ps := Provinces()
	copy(b[2:4], ps[rng.Intn(len(ps))].GBT2260)
	oc, _ := OrgCodeCheckChar(string(b[8:16]))
	b[16] = oc
	return b
}

func TestGeneratedUSCC(t *testing.T) {
	rng := rand.New(rand.NewSource(20240817))
	for i := 0; i < generatedCount; i++ {
		first := randomUSCC17(rng)
		c, err := USCCCheckChar(string(first))
		if err != nil {
			t.Fatal(err)
		}
		code := string(first) + string(c)
		if r := ParseUSCC(code); !r.Valid || r.Normalized != code {
			t.Fatalf("ParseUSCC(%q) invalid: %q", code, r.Problems)
		}
		if r := Classify(code); !r.Valid || r.Kind != KindUSCC && r.Kind != KindResidentID {
			t.Fatalf("Classify(%q) = %s valid=%v %q", code, r.Kind, r.Valid, r.Problems)
		}

		// Change one character to another allowed one: the mod-31 check
		// catches every single substitution.
		mut := []byte(code)
		pos := rng.Intn(18)
		set := usccCharset
		if pos >= 2 && pos < 8 {
			set = "0123456789"
		}
		for {
			ch := set[rng.Intn(len(set))]
			if ch != mut[pos] {
				mut[pos] = ch
				break
			}
		}
		if r := ParseUSCC(string(mut)); r.Valid {
			t.Fatalf("ParseUSCC(%q) (from %q) valid after a change at %d", mut, code, pos+1)
		} else if r.Codes[0] != CodeChecksum {
			t.Fatalf("ParseUSCC(%q) codes %q, want checksum", mut, r.Codes)
		}
		if r := Classify(string(mut)); r.Kind == KindUSCC && r.Valid {
			t.Fatalf("Classify(%q) valid USCC after a change", mut)
		}
	}
}

func TestGeneratedResidentID(t *testing.T) {
	rng := rand.New(rand.NewSource(19491001))
	start := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(fixedNow.Sub(start).Hours() / 24)
	const digits = "0123456789"
	for i := 0; i < generatedCount; i++ {
		birth := start.AddDate(0, 0, rng.Intn(days+1))
		area := 110000 + rng.Intn(550000)
		seq := rng.Intn(1000)
		first := []byte(birth.Format("20060102"))
		first = append([]byte(pad(area, 6)), first...)
		first = append(first, pad(seq, 3)...)
		c, err := ResidentIDCheckChar(string(first))
		if err != nil {
			t.Fatal(err)
		}
		id := string(first) + string(c)
		r := ParseResidentID(id)
		if !r.Valid || r.Birth != birth.Format(time.DateOnly) {
			t.Fatalf("ParseResidentID(%q) = valid %v birth %q, want %s; %q", id, r.Valid, r.Birth, birth.Format(time.DateOnly), r.Problems)
		}
		wantSex := "F"
		if seq%2 == 1 {
			wantSex = "M"
		}
		if r.Sex != wantSex {
			t.Fatalf("ParseResidentID(%q).Sex = %q, want %q", id, r.Sex, wantSex)
		}
		if r := Classify(id); r.Kind != KindResidentID || !r.Valid {
			t.Fatalf("Classify(%q) = %s valid=%v", id, r.Kind, r.Valid)
		}

		// Change one character: MOD 11-2 catches every single substitution.
		mut := []byte(id)
		pos := rng.Intn(18)
		set := digits
		if pos == 17 {
			set = "0123456789X"
		}
		for {
			ch := set[rng.Intn(len(set))]
			if ch != mut[pos] {
				mut[pos] = ch
				break
			}
		}
		if r := ParseResidentID(string(mut)); r.Valid {
			t.Fatalf("ParseResidentID(%q) (from %q) valid after a change at %d", mut, id, pos+1)
		}
		if r := Classify(string(mut)); r.Kind == KindResidentID && r.Valid {
			t.Fatalf("Classify(%q) valid resident ID after a change", mut)
		}
	}
}

func pad(n, width int) string {
	b := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}
