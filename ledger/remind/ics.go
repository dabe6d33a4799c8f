package remind

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"beianledger/ledger"
)

// ProdID is the PRODID of the calendars WriteICS writes.
const ProdID = "-//Beian Ledger//备案台账//ZH"

// TZID is the time zone of the calendar; WriteICS writes its VTIMEZONE.
const TZID = "Asia/Shanghai"

// dateFormat is the iCalendar DATE form.
const dateFormat = "20060102"

// WriteICS writes items as an iCalendar file: one all-day VEVENT per item
// on its Due date (the description holds the window Start–Due and the
// reason in Chinese and in English), with a display alarm 7 days before
// and one at 09:00 on the day, except that the status checks of a site
// become one event recurring at the end of every quarter
// (RRULE:FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1) from the earliest quarter
// given. UIDs are "<key>@beianledger" with the key made safe, so
// re-importing an updated file updates events instead of duplicating them.
// The output depends only on its arguments (DTSTAMP is derived from the
// items, not from a clock). Lines end in CRLF.
func WriteICS(w io.Writer, items []Item, calName string) error {
	cal := ics.NewCalendarFor("Beian Ledger")
	cal.SetProductId(ProdID)
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	if calName = strings.TrimSpace(calName); calName != "" {
		cal.SetName(calName)
		cal.SetXWRCalName(calName)
	}
	cal.SetXWRTimezone(TZID)

	tz := cal.AddTimezone(TZID)
	std := tz.AddStandard()
	std.AddProperty(ics.ComponentPropertyDtStart, "19700101T000000")
	std.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), "+0800")
	std.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), "+0800")
	std.AddProperty(ics.ComponentProperty(ics.PropertyTzname), "CST")

	list := slices.Clone(items)
	slices.SortFunc(list, func(a, b Item) int { return compareDue(&a, &b) })
	stamp := dtstamp(list)
	seen := make(map[string]bool, len(list))
	for i := range list {
		it := &list[i]
		if it.Due.IsZero() {
			continue
		}
		key := it.Key
		if it.Kind == KindStatusCheck {
			// One recurring event per site, from its earliest quarter.
			key = KindStatusCheck + "/" + cmpOr(it.SiteID, it.Key)
		}
		if key == "" {
			key = it.Kind + "/" + it.Due.String() + "/" + it.Subject
		}
		uid := SafeKey(key) + "@beianledger"
		if seen[uid] {
			continue
		}
		seen[uid] = true
		addEvent(cal, it, uid, stamp)
	}
	return cal.SerializeTo(w, ics.WithNewLineWindows)
}

func addEvent(cal *ics.Calendar, it *Item, uid, stamp string) {
	ev := cal.AddEvent(uid)
	ev.SetProperty(ics.ComponentPropertyDtstamp, stamp)
	due := it.Due
	ev.SetProperty(ics.ComponentPropertyDtStart, due.Time().Format(dateFormat), ics.WithValue(string(ics.ValueDataTypeDate)))
	ev.SetProperty(ics.ComponentPropertyDtEnd, due.AddDays(1).Time().Format(dateFormat), ics.WithValue(string(ics.ValueDataTypeDate)))
	summary := joinNonEmpty(" / ", it.SubjectZH, it.Subject)
	var desc []string
	if it.Kind == KindStatusCheck {
		ev.AddRrule("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1")
		desc = append(desc, "按内部规定，每季度最后一天前检查备案状态。House policy: check the filing's status by the last day of every quarter.")
	} else if !it.Start.IsZero() && it.Start != due {
		desc = append(desc, fmt.Sprintf("期间 Window: %s – %s", it.Start, due))
	} else {
		desc = append(desc, "截止 Due: "+due.String())
	}
	// The reason in Chinese, then in English, like the other lines.
	if it.WhyZH != "" {
		desc = append(desc, it.WhyZH)
	}
	if it.Why != "" {
		desc = append(desc, it.Why)
	}
	if it.Basis != "" {
		// Where the rule comes from: a regulation, a provider's practice or
		// house policy (内部规定), which no regulator asks for.
		line := "依据 Basis: " + BasisLabel(it.Basis, true) + " " + BasisLabel(it.Basis, false)
		if it.Source != "" {
			line += " — " + it.Source
		}
		desc = append(desc, line)
	}
	if it.Site != "" {
		desc = append(desc, "备案号 Filing: "+it.Site)
	}
	if it.Key != "" && it.Kind != KindStatusCheck {
		desc = append(desc, "beianledger key: "+it.Key)
	}
	ev.SetSummary(summary)
	ev.SetDescription(strings.Join(desc, "\n"))
	ev.AddCategory(it.Kind)
	ev.SetTimeTransparency(ics.TransparencyTransparent)

	for _, trigger := range []string{"-P7D", "PT9H"} {
		a := ev.AddAlarm()
		a.SetAction(ics.ActionDisplay)
		a.SetTrigger(trigger)
		a.SetProperty(ics.ComponentPropertyDescription, cmpOr(it.SubjectZH, it.Subject))
	}
}

// dtstamp derives a DTSTAMP from the items (midnight in Beijing of the
// earliest Start or Due), so that the same items give the same file.
func dtstamp(items []Item) string {
	var first ledger.Date
	for _, it := range items {
		for _, d := range []ledger.Date{it.Start, it.Due} {
			if !d.IsZero() && (first.IsZero() || d.Before(first)) {
				first = d
			}
		}
	}
	t := time.Date(2000, 1, 1, 0, 0, 0, 0, ledger.Shanghai)
	if !first.IsZero() {
		t = first.Time()
	}
	return t.UTC().Format("20060102T150405Z")
}

// SafeKey turns an item key into text safe for a UID or a file name:
// ASCII letters, digits and '-' stay, '/' becomes '.', every other byte
// becomes '_' and two hex digits. Different keys give different results.
func SafeKey(key string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(key))
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-':
			b.WriteByte(c)
		case c == '/':
			b.WriteByte('.')
		default:
			b.WriteByte('_')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

func joinNonEmpty(sep string, parts ...string) string {
	out := parts[:0:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
