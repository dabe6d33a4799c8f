package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

type dueItem struct {
	Kind, Due, State, Site, Subject, Key string
	Why                                  string `json:"why"`
	WhyZH                                string `json:"why_zh"`
	Basis, Source                        string
}

func TestDueAndICSOnDemo(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "demo.beianvault")
	env := []string{"BEIANLEDGER_PASSWORD=demo", "BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_TODAY=2026-11-24"}
	expect(t, runCLI(t, env, append([]string{"demo", "--out", vp, "--sites", "60"}, cheap...)...), 0, "demo")

	r := runCLI(t, env, "due", "--at", "2027-03-31", "--within", "0", "--json")
	expect(t, r, 0, "due --json")
	var items []dueItem
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	count := map[string]int{}
	for _, it := range items {
		count[it.Kind+"/"+it.State]++
		if it.Kind == "status-check" && it.State == "due" && it.Due != "2027-03-31" {
			t.Errorf("Q1 2027 check due %s, want 2027-03-31", it.Due)
		}
		if it.Kind == "licence-report" && it.Due != "2027-03-31" {
			t.Errorf("licence report due %s", it.Due)
		}
		if it.Why == "" || !strings.HasSuffix(it.WhyZH, "。") {
			t.Errorf("%s: why %q, why_zh %q", it.Key, it.Why, it.WhyZH)
		}
		// Where the rule comes from: status checks and rotations are house policy.
		if it.Basis == "" || it.Source == "" || ((it.Kind == "status-check" || it.Kind == "rotation") && it.Basis != "house") {
			t.Errorf("%s: basis %q, source %q", it.Key, it.Basis, it.Source)
		}
	}
	// Nobody checked in Q1 2027 (the demo was made in November 2026), so
	// every live site's Q1 check is due on 31 March and Q4 checks are over.
	if count["status-check/due"] < 50 {
		t.Errorf("only %d status checks due on 2027-03-31: %v", count["status-check/due"], count)
	}
	if count["rotation/overdue"] == 0 || count["licence-report/due"] == 0 {
		t.Errorf("missing rotations or licence reports: %v", count)
	}
	if count["domain-expiry/due"]+count["domain-expiry/overdue"] == 0 || count["ssl-expiry/due"]+count["ssl-expiry/overdue"] == 0 {
		t.Errorf("missing domain or certificate expiries: %v", count)
	}
	// The table for people says each state in Chinese, then as the JSON
	// does, and counts them in both languages.
	r = runCLI(t, env, "due", "--at", "2027-03-31", "--within", "0")
	expect(t, r, 0, "due")
	if n, want := strings.Count(r.stdout, "\n到期待办 due "), countState(count, "due"); n != want {
		t.Errorf("%d rows 到期待办 due in the table, want %d:\n%s", n, want, r.stdout)
	}
	if !strings.Contains(r.stdout, "\n已逾期 overdue ") || strings.Contains(r.stdout, "\noverdue ") {
		t.Errorf("states not in Chinese first:\n%s", r.stdout)
	}
	total := 0
	for _, n := range count {
		total += n
	}
	if want := fmt.Sprintf("截至 2027-03-31：已逾期 %d 项", total-countState(count, "due")-countState(count, "upcoming")); !strings.Contains(r.stderr, want) ||
		!strings.Contains(r.stderr, fmt.Sprintf("%d due", countState(count, "due"))) {
		t.Errorf("summary %q, want %q and the English counts", r.stderr, want)
	}
	// The next day every Q1 check is overdue.
	r = runCLI(t, env, "due", "--at", "2027-04-01", "--within", "0", "--json")
	var next []dueItem
	json.Unmarshal([]byte(r.stdout), &next)
	overdueQ1 := 0
	for _, it := range next {
		if it.Kind == "status-check" && it.State == "due" && it.Due != "2027-06-30" {
			t.Fatalf("on 1 April only Q2 checks are due; got %+v", it)
		}
		if it.Kind == "status-check" && it.State == "overdue" && it.Due == "2027-03-31" {
			overdueQ1++
		}
	}
	if overdueQ1 < 50 {
		t.Errorf("on 1 April only %d Q1 checks are overdue", overdueQ1)
	}

	// Marking a status check done logs the check and drops the item.
	var key, site string
	for _, it := range items {
		if it.Kind == "status-check" {
			key, site = it.Key, it.Site
			break
		}
	}
	envQ1 := append(append([]string{}, env[:2]...), "BEIANLEDGER_TODAY=2027-03-30")
	expect(t, runCLI(t, envQ1, "remind", "done", key), 0, "remind done")
	r = runCLI(t, envQ1, "due", "--json", "--within", "0")
	if strings.Contains(r.stdout, key) {
		t.Errorf("done item still listed")
	}
	r = runCLI(t, envQ1, "show", site, "--json")
	if !strings.Contains(r.stdout, "2027-03-30") {
		t.Errorf("done did not log a check: %s", r.stdout)
	}
	expect(t, runCLI(t, envQ1, "remind", "snooze", "x", "--until", "2027-01-01"), 2, "snooze into the past")

	// ICS: written, CRLF, parsed by python3-icalendar when installed.
	ics := filepath.Join(dir, "due.ics")
	expect(t, runCLI(t, env, "ics", "--out", ics, "--months", "6"), 0, "ics")
	data, _ := os.ReadFile(ics)
	if !strings.HasPrefix(string(data), "BEGIN:VCALENDAR\r\n") || !strings.Contains(string(data), "BEGIN:VTIMEZONE") {
		t.Fatalf("ics: %.200s", data)
	}
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		out, err := exec.Command("/usr/bin/python3", "-c", `import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
print(len([c for c in cal.walk('VEVENT')]))`, ics).CombinedOutput()
		if err != nil {
			if strings.Contains(string(out), "No module named") {
				t.Skipf("python3-icalendar not installed: %s", out)
			}
			t.Fatalf("python3-icalendar: %v %s", err, out)
		}
		if n := strings.TrimSpace(string(out)); n == "0" {
			t.Fatalf("icalendar found no events")
		}
	}
}

// TestDueProductAndIDExpiry: the 接入商 product and a responsible person's ID
// card, entered on the command line, come back from `due --json` with
// their basis and source.
func TestDueProductAndIDExpiry(t *testing.T) {
	vp := filepath.Join(t.TempDir(), "v.beianvault")
	env := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=pw", "BEIANLEDGER_TODAY=2027-03-01"}
	expect(t, runCLI(t, env, append([]string{"init"}, cheap...)...), 0, "init")
	expect(t, runCLI(t, env, "add", "site", "--number", "京ICP备2021012345号-1", "--name", "示例官网", "--domains", "example.cn",
		"--psb-number", "京公网安备11010502000123号", "--product-expiry", "2027-03-20"), 0, "add site")
	expect(t, runCLI(t, env, "add", "contact", "--name", "张三", "--role", "site-owner", "--site", "京ICP备2021012345号-1",
		"--id-expiry", "2027-04-10"), 0, "add contact")
	r := runCLI(t, env, "due", "--within", "0", "--json")
	expect(t, r, 0, "due --json")
	var items []dueItem
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	kinds := map[string]dueItem{}
	for _, it := range items {
		kinds[it.Kind] = it
	}
	if p := kinds["product-expiry"]; p.Due != "2027-03-20" || p.Basis != "provider" || !strings.Contains(p.WhyZH, "空壳") {
		t.Errorf("product expiry %+v", p)
	}
	if id := kinds["id-expiry"]; id.Due != "2027-04-10" || id.Basis != "provider" || !strings.Contains(id.Source, "证件过期") {
		t.Errorf("id expiry %+v", id)
	}
}

// countState adds up the counts of "KIND/STATE" entries in state.
func countState(count map[string]int, state string) int {
	n := 0
	for k, v := range count {
		if strings.HasSuffix(k, "/"+state) {
			n += v
		}
	}
	return n
}
