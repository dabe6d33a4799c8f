package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func dueKinds(t *testing.T, r result, kind string) []dueItem {
	t.Helper()
	expect(t, r, 0, "due")
	var items []dueItem
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil {
		t.Fatalf("due --json: %v\n%s", err, r.stdout)
	}
	var out []dueItem
	for _, it := range items {
		if it.Kind == kind {
			out = append(out, it)
		}
	}
	return out
}

// A backup contact's way in added on 2026-01-10 must be proven by
// 2026-07-10; `access drill` with their identity records it.
func TestAccessDrillEndToEnd(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "d.beianvault")
	admin := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=admin pass", "BEIANLEDGER_TODAY=2026-01-10"}
	expect(t, runCLI(t, admin, append([]string{"init"}, cheap...)...), 0, "init")
	idf := filepath.Join(dir, "lisi.identity")
	r := runCLI(t, []string{"BEIANLEDGER_PASSWORD=李四的口令"}, append([]string{"keygen", "--out", idf}, cheap...)...)
	expect(t, r, 0, "keygen")
	expect(t, runCLI(t, admin, "access", "add-recipient", "--recipient", strings.TrimSpace(r.stdout), "--label", "李四 (backup)"), 0, "add-recipient")

	if n := len(dueKinds(t, runCLI(t, admin, "due", "--json", "--at", "2026-05-01"), "access-drill")); n != 0 {
		t.Fatalf("drill shown %d times four months early", n)
	}
	items := dueKinds(t, runCLI(t, admin, "due", "--json", "--at", "2026-06-20"), "access-drill")
	if len(items) != 1 || items[0].Due != "2026-07-10" || items[0].State != "due" || items[0].Basis != "house" ||
		!strings.Contains(items[0].WhyZH, "李四 (backup)") || !strings.Contains(items[0].WhyZH, "从未") {
		t.Fatalf("drill item %+v", items)
	}

	contact := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=李四的口令", "BEIANLEDGER_TODAY=2026-06-20"}
	r = runCLI(t, contact, "access", "drill", "--identity", idf)
	expect(t, r, 0, "access drill")
	if !strings.Contains(r.stdout, "访问演练通过") || !strings.Contains(r.stdout, "2026年12月20日") {
		t.Fatalf("drill output: %s", r.stdout)
	}
	if n := len(dueKinds(t, runCLI(t, admin, "due", "--json", "--at", "2026-06-21"), "access-drill")); n != 0 {
		t.Fatalf("drill still due after it was done (%d)", n)
	}
	items = dueKinds(t, runCLI(t, admin, "due", "--json", "--at", "2026-12-01"), "access-drill")
	if len(items) != 1 || items[0].Due != "2026-12-20" {
		t.Fatalf("next drill %+v", items)
	}
	bad := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=wrong"}
	expect(t, runCLI(t, bad, "access", "drill", "--identity", idf), 3, "drill with a wrong passphrase")
}

// Making the emergency kit records its day; a contact added later makes
// it stale.
func TestKitStaleEndToEnd(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "k.beianvault")
	env := func(today string) []string {
		return []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=pw", "BEIANLEDGER_TODAY=" + today}
	}
	expect(t, runCLI(t, env("2026-01-05"), append([]string{"init"}, cheap...)...), 0, "init")
	expect(t, runCLI(t, env("2026-01-05"), "add", "site", "--number", "京ICP备2021012345号-1", "--name", "官网", "--domains", "example.cn"), 0, "add site")
	if n := len(dueKinds(t, runCLI(t, env("2026-01-05"), "due", "--json", "--at", "2027-06-01"), "kit-stale")); n != 0 {
		t.Fatalf("kit reminder before any kit was made (%d)", n)
	}
	r := runCLI(t, env("2026-01-05"), "letter", "emergency-kit", "--format", "docx", "--site", "example.cn", "--out", filepath.Join(dir, "kit.docx"))
	expect(t, r, 0, "letter emergency-kit")
	if !strings.Contains(r.stdout, "已记录应急资料包制作日期") {
		t.Fatalf("kit output: %s", r.stdout)
	}
	if n := len(dueKinds(t, runCLI(t, env("2026-01-05"), "due", "--json", "--at", "2026-11-01"), "kit-stale")); n != 0 {
		t.Fatalf("fresh kit reminded (%d)", n)
	}
	items := dueKinds(t, runCLI(t, env("2026-01-05"), "due", "--json", "--at", "2026-12-20"), "kit-stale")
	if len(items) != 1 || items[0].Due != "2027-01-05" {
		t.Fatalf("12-month kit item %+v", items)
	}
	expect(t, runCLI(t, env("2026-03-01"), "add", "contact", "--name", "赵六", "--role", "backup", "--site", "example.cn"), 0, "add contact")
	items = dueKinds(t, runCLI(t, env("2026-03-01"), "due", "--json", "--at", "2026-03-02"), "kit-stale")
	if len(items) != 1 || items[0].Due != "2026-03-31" || items[0].State != "due" || !strings.Contains(items[0].WhyZH, "联系人有变动") {
		t.Fatalf("stale kit item %+v", items)
	}
	// Making it again clears it.
	expect(t, runCLI(t, env("2026-03-05"), "letter", "emergency-kit", "--format", "docx", "--site", "example.cn", "--out", filepath.Join(dir, "kit2.docx")), 0, "kit again")
	if n := len(dueKinds(t, runCLI(t, env("2026-03-05"), "due", "--json", "--at", "2026-03-06"), "kit-stale")); n != 0 {
		t.Fatalf("new kit still stale (%d)", n)
	}
}
