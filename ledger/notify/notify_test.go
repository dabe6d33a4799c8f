package notify

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"beianledger/ledger"
	"beianledger/ledger/remind"
)

func items(n int, state string) []remind.Item {
	var out []remind.Item
	for i := range n {
		out = append(out, remind.Item{Kind: remind.KindDomainExpiry, State: state, Site: fmt.Sprintf("沪ICP备%08d号-2", i),
			SiteID: fmt.Sprintf("s%d", i), Due: ledger.Date{Y: 2027, M: 4, D: 30}, DaysLeft: 30,
			Key: fmt.Sprintf("domain-expiry/s%d/2027-04-30", i), Subject: "Domain expires", SubjectZH: "域名 example.cn 还有30天到期"})
	}
	return out
}

func TestSelectSendsNewAndChangedOnce(t *testing.T) {
	var s Sent
	names := map[string]string{"s0": "官网"}
	send, skipped := s.Select("ch", items(3, remind.StateUpcoming), names)
	if len(send) != 3 || skipped != 0 || send[0].SiteName != "官网" {
		t.Fatalf("first run: %d, %d", len(send), skipped)
	}
	s.Record("ch", send, []string{send[0].Item.Key, send[1].Item.Key}) // part 2 failed
	send, skipped = s.Select("ch", items(3, remind.StateUpcoming), names)
	if len(send) != 1 || skipped != 2 {
		t.Fatalf("second run: %d, %d", len(send), skipped)
	}
	s.Record("ch", send, []string{send[0].Item.Key})
	if send, _ = s.Select("ch", items(3, remind.StateUpcoming), names); len(send) != 0 {
		t.Fatalf("third run sent %d", len(send))
	}
	// upcoming → due: sent again, saying what changed.
	send, _ = s.Select("ch", items(3, remind.StateDue), names)
	if len(send) != 3 || send[0].Was != remind.StateUpcoming {
		t.Fatalf("changed: %+v", send)
	}
	d := Digest{Today: ledger.Date{Y: 2027, M: 4, D: 1}, Entries: send}
	if txt := d.EntryText(&d.Entries[0], Text); !strings.Contains(txt, "状态变化：即将到期 → 到期待办") || !strings.Contains(txt, "网站：官网，备案号 沪ICP备00000000号-2") {
		t.Errorf("%s", txt)
	}
	// Another channel is independent.
	if send, _ = s.Select("other", items(3, remind.StateDue), names); len(send) != 3 {
		t.Fatal("other channel")
	}
	// An item no longer listed is forgotten.
	s.Select("ch", items(1, remind.StateDue), names)
	if len(s.Channels["ch"].Items) != 1 {
		t.Errorf("marks %v", s.Channels["ch"].Items)
	}
}

func TestSentFile(t *testing.T) {
	dir := t.TempDir()
	p := StatePath(filepath.Join(dir, "state"), "uuid-1")
	s, err := LoadSent(p, "uuid-1")
	if err != nil {
		t.Fatal(err)
	}
	send, _ := s.Select("ch", items(2, remind.StateDue), nil)
	s.Record("ch", send, []string{send[0].Item.Key})
	s.Log("ch", LogEntry{At: time.Now(), Sent: 1, Error: "x"})
	if err := s.Save(p); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(p); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
		t.Fatalf("%v %v", fi.Mode(), err)
	}
	b, _ := os.ReadFile(p)
	if strings.Contains(string(b), "example.cn") || strings.Contains(string(b), "ICP") {
		t.Errorf("ledger text in the state file: %s", b)
	}
	s2, err := LoadSent(p, "uuid-1")
	if err != nil || len(s2.Channels["ch"].Items) != 1 || len(s2.Channels["ch"].Log) != 1 {
		t.Fatalf("%v %+v", err, s2)
	}
	if _, err := LoadSent(p, "uuid-2"); err == nil {
		t.Error("another vault's file was accepted")
	}
	os.WriteFile(p, []byte("{bad"), 0o600)
	if _, err := LoadSent(p, "uuid-1"); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("damaged: %v", err)
	}
}

func TestPackFitsAndKeepsEveryKey(t *testing.T) {
	for _, n := range []int{0, 1, 7, 60, 5000} {
		d := Digest{Today: ledger.Date{Y: 2027, M: 3, D: 31}, Lang: LangBoth}
		send, _ := (&Sent{}).Select("c", items(n, remind.StateOverdue), nil)
		d.Entries = send
		measure := func(title, body string) int { return len(title) + len(body) }
		parts := d.Pack(Markdown, 4096, 8, measure)
		keys := 0
		for i, p := range parts {
			if m := measure(p.Title, p.Body); m > 4096 {
				t.Errorf("n=%d part %d measures %d", n, i, m)
			}
			keys += len(p.Keys)
		}
		if keys != n || len(parts) > 8 {
			t.Errorf("n=%d: %d keys in %d parts", n, keys, len(parts))
		}
		if n == 5000 && !strings.Contains(parts[len(parts)-1].Body, "另有") {
			t.Error("no summary")
		}
	}
	// One enormous entry is cut, on a character boundary.
	it := items(1, remind.StateDue)
	it[0].SubjectZH = strings.Repeat("很长的主题", 2000)
	d := Digest{Entries: []Entry{{Item: &it[0]}}}
	parts := d.Pack(Text, 2048, 5, func(a, b string) int { return len(a) + len(b) })
	if len(parts) != 1 || len(parts[0].Title)+len(parts[0].Body) > 2048 || !strings.Contains(parts[0].Body, "…") || !utf8Valid(parts[0].Body) {
		t.Errorf("cut: %d parts", len(parts))
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func TestValidate(t *testing.T) {
	bad := []struct {
		c Config
		s Secret
	}{
		{Config{Kind: KindEmail, Label: "m", SMTPHost: "smtp.qq.com", TLS: TLSNone, From: "a@b.cn", To: []string{"c@d.cn"}}, Secret{}},
		{Config{Kind: KindDingTalk, Label: "d"}, Secret{URL: "http://oapi.dingtalk.com/robot/send?access_token=x"}},
		{Config{Kind: KindDingTalk, Label: "d"}, Secret{URL: "https://oapi.dingtalk.com/robot/send"}},
		{Config{Kind: KindWeCom, Label: "w"}, Secret{URL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", Sign: "s"}},
		{Config{Kind: "sms", Label: "x"}, Secret{}},
		{Config{Kind: KindEmail, Label: "m", SMTPHost: "smtp.qq.com", From: "a@b.cn"}, Secret{}},
	}
	for i, b := range bad {
		if err := Validate(&b.c, b.s); err == nil {
			t.Errorf("%d: accepted", i)
		}
	}
	c := Config{Kind: KindWeCom, Label: "w"}
	if err := Validate(&c, Secret{URL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=the-key"}); err != nil || strings.Contains(c.Endpoint, "the-key") {
		t.Errorf("%v %q", err, c.Endpoint)
	}
	c = Config{Kind: KindEmail, Label: "m", SMTPHost: "smtp.qq.com", SMTPPort: 465, From: "a@b.cn", To: []string{"c@d.cn"}}
	if err := Validate(&c, Secret{}); err != nil || c.TLS != TLSImplicit {
		t.Errorf("%v %q", err, c.TLS)
	}
	if s := fmt.Sprintf("%v %+v %#v", Secret{Password: "pw"}, Secret{URL: "u"}, Secret{Sign: "sg"}); strings.Contains(s, "pw") || strings.Contains(s, "sg") {
		t.Errorf("secret printed: %s", s)
	}
}

func TestGroupByRecipients(t *testing.T) {
	in := &remind.Input{
		Sites: []ledger.SiteRow{{Site: ledger.Site{Meta: ledger.Meta{ID: "s1"}, EntityID: "e1"}}, {Site: ledger.Site{Meta: ledger.Meta{ID: "s2"}, EntityID: "e2"}}},
		Contacts: []ledger.Contact{
			{Name: "张三", Role: ledger.RoleSiteOwner, Email: "zhang@example.cn", SiteIDs: []string{"s1"}},
			{Name: "李四", Role: ledger.RoleEntityOwner, Email: "li@example.cn", EntityID: "e2"},
			{Name: "王五", Role: ledger.RoleAdministrator, Email: "wang@example.cn"},
			{Name: "赵六", Role: ledger.RoleSiteOwner, Email: "zhao@example.cn", SiteIDs: []string{"s2"}, End: ledger.Date{Y: 2026, M: 1, D: 1}},
			{Name: "钱七", Role: ledger.RoleBackup, Email: "qian@example.cn", SiteIDs: []string{"s1", "s2"}},
		},
	}
	entries := []Entry{{Item: &remind.Item{Key: "a", SiteID: "s1"}}, {Item: &remind.Item{Key: "b", SiteID: "s2"}}, {Item: &remind.Item{Key: "c", SiteID: "s1"}}, {Item: &remind.Item{Key: "d", EntityID: "e2"}}}
	c := Config{Kind: KindEmail, To: []string{"ops@example.cn"}, ToRoles: []string{ledger.RoleSiteOwner, ledger.RoleEntityOwner, ledger.RoleAdministrator}}
	g := GroupByRecipients(c, entries, in)
	got := map[string][]string{}
	for _, x := range g {
		for _, e := range x.Entries {
			got[strings.Join(x.To, ",")] = append(got[strings.Join(x.To, ",")], e.Item.Key)
		}
	}
	want := map[string][]string{
		"ops@example.cn,wang@example.cn,zhang@example.cn": {"a", "c"},
		"li@example.cn,ops@example.cn,wang@example.cn":    {"b", "d"}, // 赵六 has left; 钱七's role is not asked for
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("groups %v, want %v", got, want)
	}
	// Without roles: one group, the fixed addresses.
	if g := GroupByRecipients(Config{To: []string{"x@y.cn"}}, entries, in); len(g) != 1 || len(g[0].Entries) != 4 {
		t.Errorf("%+v", g)
	}
}
