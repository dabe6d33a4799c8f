package ledger

import (
	"fmt"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"2024-01-05", "2024-01-05", true},
		{"2024/1/5", "2024-01-05", true},
		{"2024.1.5", "2024-01-05", true},
		{"2024年1月5日", "2024-01-05", true},
		{"２０２４年１月５日", "2024-01-05", true},
		{"20240105", "2024-01-05", true},
		{" 2024 年 12 月 31 日 ", "2024-12-31", true},
		{"2024-02-29", "2024-02-29", true},
		{"", "", true},
		{"2023-02-29", "", false},
		{"2024-13-01", "", false},
		{"2024-04-31", "", false},
		{"yesterday", "", false},
		{"1900-01-01", "", false},
	} {
		d, err := ParseDate(c.in)
		if (err == nil) != c.ok || d.String() != c.want {
			t.Errorf("ParseDate(%q) = %q, %v", c.in, d, err)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	if got := MustDate("2026-01-31").AddMonths(1); got.String() != "2026-02-28" {
		t.Errorf("31 Jan + 1 month = %s", got)
	}
	if got := MustDate("2024-11-30").AddMonths(3); got.String() != "2025-02-28" {
		t.Errorf("30 Nov + 3 months = %s", got)
	}
	if got := MustDate("2023-12-31").AddDays(60); got.String() != "2024-02-29" {
		t.Errorf("+60 days = %s", got)
	}
	if n := MustDate("2026-03-01").DaysUntil(MustDate("2026-03-31")); n != 30 {
		t.Errorf("days = %d", n)
	}
	// 23:30 UTC on 30 March is already 31 March in Beijing.
	if d := DateOf(time.Date(2026, 3, 30, 23, 30, 0, 0, time.UTC)); d.String() != "2026-03-31" {
		t.Errorf("DateOf = %s", d)
	}
	if MustDate("2026-01-01").Chinese() != "2026年1月1日" {
		t.Error("Chinese format")
	}
}

func TestDomainsAndProviders(t *testing.T) {
	got := SplitDomains("Example.CN、https://www.example.cn/path；shop.example.cn,\n")
	want := []string{"example.cn", "www.example.cn", "shop.example.cn"}
	if len(got) != len(want) {
		t.Fatalf("%v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%v", got)
		}
	}
	for typed, canon := range map[string]string{"aliyun": "阿里云", "万网": "阿里云", "QCloud": "腾讯云", "Tencent Cloud": "腾讯云", "ＤＮＳＰｏｄ": "腾讯云", "优刻得": "UCloud"} {
		if p, ok := CanonicalProvider(typed); !ok || p.Name != canon {
			t.Errorf("%s → %v %v", typed, p.Name, ok)
		}
	}
	if _, ok := CanonicalProvider("某某小机房"); ok {
		t.Error("unknown provider matched")
	}
}

// TestDateStringIsSprintf: String's fast path writes what
// Sprintf("%04d-%02d-%02d") writes, for every day of years 1–9999's
// corners and for the values outside it (negative, five-digit years,
// months and days out of range).
func TestDateStringIsSprintf(t *testing.T) {
	var years []int
	for y := -12; y <= 10012; y++ {
		if y < 30 || y > 9980 || y%97 == 0 || (y >= 1990 && y <= 2040) {
			years = append(years, y)
		}
	}
	for _, y := range years {
		for m := -1; m <= 13; m++ {
			for d := -1; d <= 32; d++ {
				dt := Date{y, time.Month(m), d}
				want := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
				if y == 0 {
					want = ""
				}
				if got := dt.String(); got != want {
					t.Fatalf("Date{%d, %d, %d}.String() = %q, want %q", y, m, d, got, want)
				}
			}
		}
	}
}

func BenchmarkDateString(b *testing.B) {
	d := MustDate("2026-12-05")
	for b.Loop() {
		_ = d.String()
	}
}
