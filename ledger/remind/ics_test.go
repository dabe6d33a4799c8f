package remind

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"beianledger/ledger"
)

// calendarInput has two sites with quarterly checks, a rotation, a yearly
// report, expiries, a departed contact and a long Chinese name.
func calendarInput() Input {
	long := strings.Repeat("湖北省武汉市示例网络科技有限责任公司，", 4)
	return Input{
		Entities: []ledger.Entity{{Meta: ledger.Meta{ID: "e1"}, Name: long, ICPLicence: "鄂B2-20201234"}},
		Sites: []ledger.SiteRow{
			mkSite("s1", func(s *ledger.SiteRow) {
				s.Name = "示例商城; a, b: c\\d" // text that needs escaping
				s.DomainExpiry = d("2027-05-05")
				s.SSLExpiry = d("2027-04-20")
			}),
			mkSite("s2", func(s *ledger.SiteRow) { s.Province = "鄂"; s.Number = "鄂ICP备2020000001号-1" }),
		},
		Credentials: []ledger.Credential{cred(func(c *ledger.Credential) { c.LastRotated = d("2027-01-31"); c.RotationMonths = 2 })},
		Contacts: []ledger.Contact{{Meta: ledger.Meta{ID: "p1"}, Name: "李四", Role: ledger.RoleSiteOwner,
			End: d("2027-04-10"), SiteIDs: []string{"s2"}}},
		Reviews: []ProvincialReview{{Province: "湖北", FromMonth: 1, FromDay: 15, ToMonth: 4, ToDay: 15}},
	}
}

func writeICS(t *testing.T, items []Item) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteICS(&b, items, "备案台账 Beian Ledger"); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWriteICS(t *testing.T) {
	items := ItemsForCalendar(calendarInput(), d("2027-03-31"), 12)
	out := writeICS(t, items)

	// Stable across runs, byte for byte.
	if again := writeICS(t, ItemsForCalendar(calendarInput(), d("2027-03-31"), 12)); !bytes.Equal(out, again) {
		t.Error("two runs differ")
	}

	// CRLF everywhere, folded lines at most 75 octets, no broken UTF-8.
	text := string(out)
	if strings.Count(text, "\n") != strings.Count(text, "\r\n") || strings.Count(text, "\r") != strings.Count(text, "\r\n") {
		t.Error("a line does not end in CRLF")
	}
	for _, line := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets: %q", len(line), line)
		}
	}
	if !bytes.HasPrefix(out, []byte("BEGIN:VCALENDAR\r\n")) || !bytes.HasSuffix(out, []byte("END:VCALENDAR\r\n")) {
		t.Error("not a VCALENDAR")
	}
	for _, want := range []string{
		"PRODID:-//Beian Ledger//备案台账//ZH\r\n",
		"BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\n",
		"X-WR-TIMEZONE:Asia/Shanghai\r\n",
		"RRULE:FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1\r\n",
		"TRIGGER:-P7D\r\n",
		"TRIGGER:PT9H\r\n",
		"DTSTART;VALUE=DATE:20270331\r\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q", want)
		}
	}

	cal, err := ics.ParseCalendar(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cal.Timezones()); n != 1 {
		t.Errorf("%d VTIMEZONEs", n)
	}

	// One event per item, except one recurring event per site for status checks.
	want := map[string]bool{}
	for _, it := range items {
		k := it.Key
		if it.Kind == KindStatusCheck {
			k = "status-check/" + it.SiteID
		}
		want[SafeKey(k)+"@beianledger"] = true
	}
	events := cal.Events()
	if len(events) != len(want) || len(events) < 10 {
		t.Fatalf("%d events, want %d", len(events), len(want))
	}
	uids := map[string]bool{}
	var rrules int
	for _, ev := range events {
		uid := ev.Id()
		if uids[uid] || !want[uid] {
			t.Errorf("UID %q duplicated or unexpected", uid)
		}
		uids[uid] = true
		start := ev.GetProperty(ics.ComponentPropertyDtStart)
		if start == nil || start.ICalParameters["VALUE"][0] != "DATE" || len(start.Value) != 8 {
			t.Errorf("%s: DTSTART %+v", uid, start)
		}
		if len(ev.Alarms()) != 2 {
			t.Errorf("%s: %d alarms", uid, len(ev.Alarms()))
		}
		if ev.GetProperty(ics.ComponentPropertyDtstamp) == nil || ev.GetProperty(ics.ComponentPropertySummary) == nil {
			t.Errorf("%s: no DTSTAMP or SUMMARY", uid)
		}
		rr := ev.GetProperty(ics.ComponentPropertyRrule)
		if strings.HasPrefix(uid, "status-check.") {
			rrules++
			if rr == nil || start.Value != "20270331" {
				t.Errorf("%s: RRULE %v from %s", uid, rr, start.Value)
			}
		} else if rr != nil {
			t.Errorf("%s has an RRULE", uid)
		}
	}
	if rrules != 2 {
		t.Errorf("%d status-check series, want 2", rrules)
	}

	// Chinese and escaped text come back intact after folding.
	byUID := map[string]*ics.VEvent{}
	for _, ev := range events {
		byUID[ev.Id()] = ev
	}
	rep := byUID["licence-report.e1.2028@beianledger"]
	if rep == nil {
		t.Fatalf("no licence report 2028 in %v", uids)
	}
	sum := rep.GetProperty(ics.ComponentPropertySummary).Value
	if !strings.Contains(sum, strings.Repeat("湖北省武汉市示例网络科技有限责任公司，", 4)) || !strings.HasPrefix(sum, "经营许可证2027年度年报") {
		t.Errorf("summary %q", sum)
	}
	dom := byUID["domain-expiry.s1.2027-05-05@beianledger"]
	if dom == nil {
		t.Fatal("no domain event")
	}
	if desc := ics.FromText(dom.GetProperty(ics.ComponentPropertyDescription).Value); !strings.Contains(desc, "Window: 2027-03-06 – 2027-05-05\n") ||
		!strings.Contains(desc, "\n域名s1.example.cn的注册到期日为2027年5月5日；到期前60天、30天和7天各提醒一次。\n"+
			"the domain registration of s1.example.cn ends on 2027-05-05; reminders 60, 30 and 7 days before\n") {
		t.Errorf("description %q", desc)
	}
	for _, it := range items {
		if it.Kind == KindSSLExpiry {
			ev := byUID[SafeKey(it.Key)+"@beianledger"]
			if s := ev.GetProperty(ics.ComponentPropertySummary).Value; s != it.SubjectZH+" / "+it.Subject {
				t.Errorf("summary %q, want %q", s, it.SubjectZH+" / "+it.Subject)
			}
		}
	}
	status := byUID["status-check.s1@beianledger"]
	if s := status.GetProperty(ics.ComponentPropertySummary).Value; s != `备案状态季度检查：京ICP备11018762号-s1 示例商城; a, b: c\d / Quarterly status check: 京ICP备11018762号-s1 示例商城; a, b: c\d` {
		t.Errorf("escaped summary came back as %q", s)
	}
}

func TestWriteICSEdges(t *testing.T) {
	// Empty: still a valid calendar with its time zone.
	out := writeICS(t, nil)
	cal, err := ics.ParseCalendar(bytes.NewReader(out))
	if err != nil || len(cal.Events()) != 0 || len(cal.Timezones()) != 1 {
		t.Errorf("empty calendar: %v %d", err, len(cal.Events()))
	}
	// Duplicate keys give one event; an item without a date none.
	it := Item{Kind: KindRotation, Key: "rotation/c1/2027-01-01", Due: d("2027-01-01"), Subject: "x"}
	out = writeICS(t, []Item{it, it, {Kind: KindRotation, Key: "rotation/c9/never"}})
	if n := strings.Count(string(out), "BEGIN:VEVENT"); n != 1 {
		t.Errorf("%d events", n)
	}
}

func TestSafeKey(t *testing.T) {
	tests := map[string]string{
		"rotation/c1/2027-02-25":        "rotation.c1.2027-02-25",
		"provincial-review/鄂/2027":      "provincial-review._E9_84_82.2027",
		"a.b":                           "a_2Eb",
		"a/b":                           "a.b",
		"a_2Eb":                         "a_5F2Eb",
		"x@y;z":                         "x_40y_3Bz",
		"status-check/3f2a-UUID/2027Q1": "status-check.3f2a-UUID.2027Q1",
	}
	seen := map[string]string{}
	for in, want := range tests {
		got := SafeKey(in)
		if got != want {
			t.Errorf("SafeKey(%q) = %q, want %q", in, got, want)
		}
		if o, ok := seen[got]; ok {
			t.Errorf("%q and %q collide", in, o)
		}
		seen[got] = in
	}
}

// python3-icalendar (Debian) must read the file too.
func TestICSPythonIcalendar(t *testing.T) {
	const py = "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import icalendar").Run(); err != nil {
		t.Skip("python3-icalendar is not installed:", err)
	}
	items := ItemsForCalendar(calendarInput(), d("2027-03-31"), 12)
	out := writeICS(t, items)
	path := filepath.Join(t.TempDir(), "beian.ics")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	script := `
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
evs = cal.walk('VEVENT')
tz = cal.walk('VTIMEZONE')
assert len(tz) == 1 and str(tz[0]['TZID']) == 'Asia/Shanghai', tz
rr = [e for e in evs if 'RRULE' in e]
assert all(e['RRULE']['BYMONTHDAY'] == [-1] for e in rr), rr
assert all(len(e.walk('VALARM')) == 2 for e in evs)
zh = [str(e['SUMMARY']) for e in evs if '经营许可证' in str(e['SUMMARY'])]
assert zh, 'no Chinese summary'
why = [str(e['DESCRIPTION']) for e in evs if '的注册到期日为2027年5月5日；' in str(e['DESCRIPTION'])]
assert len(why) == 1 and 'ends on 2027-05-05' in why[0], why
print(len(evs), len(rr), len(set(str(e['UID']) for e in evs)))
`
	res, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python3-icalendar: %v\n%s", err, res)
	}
	f := strings.Fields(string(res))
	want := strings.Count(string(out), "BEGIN:VEVENT")
	if len(f) != 3 || f[0] != strconv.Itoa(want) || f[1] != "2" || f[2] != f[0] {
		t.Errorf("python3-icalendar read %q, want %d events, 2 recurring, unique UIDs", res, want)
	}
}
