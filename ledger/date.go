package ledger

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Shanghai is the time zone of every ledger date: a filing due on 31 March
// is due on 31 March in Beijing, whatever the machine's zone.
var Shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// time/tzdata is embedded by main; this is a last resort.
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

// Date is a calendar date without a time of day. The zero Date means
// "not known".
type Date struct {
	Y int
	M time.Month
	D int
}

// DateOf returns the Beijing calendar date of t.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Shanghai).Date()
	return Date{y, m, d}
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Y == 0 }

// String formats as YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if d.Y < 1 || d.Y > 9999 || d.M < 1 || d.M > 12 || d.D < 1 || d.D > 31 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Y, d.M, d.D) // what the fast path does not cover
	}
	// Exports and lists write tens of thousands of dates: 21 ns and one
	// allocation a date here, 150 ns and two through Sprintf.
	m := int(d.M)
	b := [10]byte{byte('0' + d.Y/1000), byte('0' + d.Y/100%10), byte('0' + d.Y/10%10), byte('0' + d.Y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d.D/10), byte('0' + d.D%10)}
	return string(b[:])
}

// Chinese formats as 2026年11月24日.
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Y, d.M, d.D)
}

// Time is midnight of the date in Beijing.
func (d Date) Time() time.Time { return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, Shanghai) }

// AddDays returns the date n days later.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// AddMonths adds n months, clamping to the month's last day (31 Jan + 1
// month = 28/29 Feb), as people expect of "every 3 months".
func (d Date) AddMonths(n int) Date {
	first := time.Date(d.Y, d.M+time.Month(n), 1, 0, 0, 0, 0, Shanghai)
	last := first.AddDate(0, 1, -1).Day()
	return Date{first.Year(), first.Month(), min(d.D, last)}
}

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// Compare returns -1, 0 or 1.
func (d Date) Compare(e Date) int {
	switch {
	case d.Y != e.Y:
		return cmp(d.Y, e.Y)
	case d.M != e.M:
		return cmp(int(d.M), int(e.M))
	}
	return cmp(d.D, e.D)
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// DaysUntil counts days from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int {
	return int(e.Time().Sub(d.Time()).Round(24*time.Hour) / (24 * time.Hour))
}

var dateRE = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)

// ParseDate reads 2024-01-05, 2024/1/5, 2024.1.5, 2024年1月5日 and
// 20240105, with full-width digits. It refuses impossible dates (31 Feb)
// with a clear error. An empty string is the zero date.
func ParseDate(s string) (Date, error) {
	// Fast path for the stored form, which is what most calls see.
	if len(s) == 10 && s[4] == '-' && s[7] == '-' && isDigits(s[:4]) && isDigits(s[5:7]) && isDigits(s[8:]) {
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[5:7])
		d, _ := strconv.Atoi(s[8:])
		if y >= 1980 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, time.Month(m)) {
			return Date{y, time.Month(m), d}, nil
		}
	}
	s = strings.TrimSpace(toHalfWidth(s))
	if s == "" {
		return Date{}, nil
	}
	var y, m, d int
	if len(s) == 8 && isDigits(s) {
		y, _ = strconv.Atoi(s[:4])
		m, _ = strconv.Atoi(s[4:6])
		d, _ = strconv.Atoi(s[6:])
	} else if mm := dateRE.FindStringSubmatch(s); mm != nil {
		y, _ = strconv.Atoi(mm[1])
		m, _ = strconv.Atoi(mm[2])
		d, _ = strconv.Atoi(mm[3])
	} else {
		return Date{}, fmt.Errorf("%q is not a date (use YYYY-MM-DD or 2024年1月5日)", s)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, Shanghai)
	if y < 1980 || y > 2200 || t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return Date{}, fmt.Errorf("%q is not a real calendar date", s)
	}
	return Date{y, time.Month(m), d}, nil
}

// MustDate parses a date known to be valid (tests, demo data).
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func toHalfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '！' && r <= '～' {
			return r - 0xFEE0
		}
		if r == '\u3000' {
			return ' '
		}
		return r
	}, s)
}

// MarshalJSON writes "YYYY-MM-DD" or "".
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads what MarshalJSON writes.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParseDate(s)
	*d = v
	return err
}
