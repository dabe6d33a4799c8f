package tabular

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"beianledger/ledger"
)

type kpEntry struct {
	group, title, user, url, notes, password string
}

// TestKeePassXCExport creates a real KeePassXC database with
// keepassxc-cli, exports it as CSV and imports that.
func TestKeePassXCExport(t *testing.T) {
	cli, err := exec.LookPath("keepassxc-cli")
	if err != nil {
		t.Skip("keepassxc-cli is not installed")
	}
	if testing.Short() {
		t.Skip("slow: every keepassxc-cli call derives the database key")
	}
	db := filepath.Join(t.TempDir(), "t.kdbx")
	const dbPass = "库密码 db-pass"
	run := func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(cli, args...)
		cmd.Stdin = strings.NewReader(stdin)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("keepassxc-cli %s: %v\n%s", strings.Join(args, " "), err, errb.String())
		}
		return out.String()
	}
	run(dbPass+"\n"+dbPass+"\n", "db-create", "-q", "-t", "100", "-p", db)
	run(dbPass+"\n", "mkdir", "-q", db, "备案")
	sites := demoStore(t, 5)
	site := must(sites.Sites())(t)[2]
	entries := []kpEntry{
		{"备案", "阿里云 备案控制台", "admin@例子.cn", "https://beian.aliyun.com/", "主账号\n第二行", `Pw,"x;'堃`},
		{"备案", "公安备案", "psb-user", "https://beian.mps.gov.cn/", "", "psb-𠀀-pass"},
		{"", "网站后台", "webmaster", "https://" + site.Domains[0] + "/admin", "", "  spaced  "},
		{"", "腾讯云", "tc", "https://console.cloud.tencent.com", "", "tc-pass"},
	}
	for _, e := range entries {
		path := e.title
		if e.group != "" {
			path = e.group + "/" + e.title
		}
		args := []string{"add", "-q", "-u", e.user, "--url", e.url, "-p", db, path}
		if e.notes != "" {
			args = append(args[:len(args)-2], "--notes", e.notes, db, path)
		}
		run(dbPass+"\n"+e.password+"\n", args...)
	}
	csvData := run(dbPass+"\n", "export", "-q", "-f", "csv", db)
	if !strings.HasPrefix(csvData, `"Group","Title","Username","Password","URL","Notes"`) {
		t.Fatalf("unexpected KeePassXC header: %.80q", csvData)
	}
	logins, err := ReadPasswordManagerCSV([]byte(csvData), FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	if len(logins) != len(entries) {
		t.Fatalf("%d logins, want %d: %v", len(logins), len(entries), logins)
	}
	byTitle := map[string]Login{}
	for _, l := range logins {
		byTitle[l.Title] = l
	}
	for _, e := range entries {
		l, ok := byTitle[e.title]
		if !ok {
			t.Errorf("login %q missing", e.title)
			continue
		}
		if l.Username != e.user || l.URL != e.url || string(l.Password) != e.password || l.Notes != e.notes {
			t.Errorf("login %q: got %q %q %q %q", e.title, l.Username, l.URL, l.Password, l.Notes)
		}
		if !strings.HasSuffix(l.Group, e.group) {
			t.Errorf("login %q: group %q", e.title, l.Group)
		}
		if s := fmt.Sprintf("%v %+v %#v %v", l, l, l, logins); strings.Contains(s, e.password) || strings.Contains(s, strings.Trim(fmt.Sprint([]byte(e.password)), "[]")) {
			t.Errorf("fmt shows the password of %q", e.title)
		}
	}

	// Plan them against the demo ledger and apply.
	p := PlanLogins(logins, sites)
	for _, pr := range p.Problems {
		t.Logf("problem: %v", pr)
	}
	if s := p.Summary(); s.Credentials != 4 || s.Errors != 0 {
		t.Fatalf("summary %+v", s)
	}
	if err := apply(sites, p); err != nil {
		t.Fatal(err)
	}
	for _, l := range logins {
		l.Wipe()
	}
	creds := must(sites.Credentials())(t)
	found := map[string]ledger.Credential{}
	for _, c := range creds {
		found[c.Login] = c
	}
	provs := map[string]string{}
	for _, p := range must(sites.Providers())(t) {
		provs[p.ID] = p.Name
	}
	for _, c := range []struct {
		login, system, provider, siteID string
	}{
		{"admin@例子.cn", ledger.SystemProvider, "阿里云", ""},
		{"psb-user", ledger.SystemPSB, "", ""},
		{"webmaster", ledger.SystemOther, "", site.ID},
		{"tc", ledger.SystemProvider, "腾讯云", ""},
	} {
		got, ok := found[c.login]
		if !ok {
			t.Errorf("credential %q not imported", c.login)
			continue
		}
		if got.System != c.system || provs[got.ProviderID] != c.provider || got.SiteID != c.siteID {
			t.Errorf("credential %q: system %s provider %q site %q", c.login, got.System, provs[got.ProviderID], got.SiteID)
		}
		if c.siteID != "" && got.EntityID != site.EntityID {
			t.Errorf("credential %q not linked to the site's entity", c.login)
		}
	}
	pw := must(sites.Reveal("credential", found["webmaster"].ID))(t)
	if string(pw) != "  spaced  " {
		t.Errorf("password %q", pw)
	}
	if !strings.Contains(found["admin@例子.cn"].Notes, "Title: 阿里云 备案控制台") {
		t.Errorf("notes %q", found["admin@例子.cn"].Notes)
	}
}

func TestPasswordManagerFormats(t *testing.T) {
	cases := []struct {
		format, data string
		want         []Login
	}{
		{FormatBitwarden, "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n" +
			"备案,1,login,阿里云,\"主账号\nline2\",,0,https://account.aliyun.com,ali@example.cn,\"a,b\"\"c\",\n" +
			",,note,便签,只是一条笔记,,,,,,\n" +
			",,login,公安,,,0,https://beian.mps.gov.cn,psb,p2,\n",
			[]Login{{Title: "阿里云", URL: "https://account.aliyun.com", Username: "ali@example.cn", Notes: "主账号\nline2", Group: "备案", Password: []byte(`a,b"c`)},
				{Title: "公安", URL: "https://beian.mps.gov.cn", Username: "psb", Password: []byte("p2")}}},
		{Format1Password, "Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes\n" +
			"腾讯云,https://cloud.tencent.com,tc,tc-pw,,false,false,备案,备注一\n",
			[]Login{{Title: "腾讯云", URL: "https://cloud.tencent.com", Username: "tc", Notes: "备注一", Password: []byte("tc-pw")}}},
		{Format1Password, "\ufefftitle,website,username,password,notes\n西部数码,https://www.west.cn,w,w-pw,\n",
			[]Login{{Title: "西部数码", URL: "https://www.west.cn", Username: "w", Password: []byte("w-pw")}}},
		{FormatLastPass, "url,username,password,totp,extra,name,grouping,fav\n" +
			"https://dxzhgl.miit.gov.cn,lic,l-pw,,许可证年报,ICP许可证,备案,0\n" +
			"http://sn,,,,secret note,笔记,,0\n",
			[]Login{{Title: "ICP许可证", URL: "https://dxzhgl.miit.gov.cn", Username: "lic", Notes: "许可证年报", Group: "备案", Password: []byte("l-pw")}}},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			for _, f := range []string{FormatAuto, c.format} {
				got, err := ReadPasswordManagerCSV([]byte(c.data), f)
				if err != nil {
					t.Fatal(err)
				}
				if fmt.Sprint(got) != fmt.Sprint(c.want) || !samePasswords(got, c.want) {
					t.Errorf("format %s:\n got %v\nwant %v", f, got, c.want)
				}
			}
		})
	}
	if _, err := ReadPasswordManagerCSV([]byte("a,b\n1,2\n"), FormatAuto); err == nil {
		t.Error("an unknown CSV was accepted")
	}
	if _, err := ReadPasswordManagerCSV([]byte("a,b\n"), "roboform"); err == nil {
		t.Error("an unknown format was accepted")
	}
}

func samePasswords(a, b []Login) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i].Password, b[i].Password) {
			return false
		}
	}
	return true
}

func TestGuessSystem(t *testing.T) {
	for _, c := range []struct{ url, title, system, provider string }{
		{"https://beian.aliyun.com/order", "", ledger.SystemProvider, "阿里云"},
		{"https://signin.aliyun.com", "", ledger.SystemProvider, "阿里云"},
		{"console.cloud.tencent.com", "", ledger.SystemProvider, "腾讯云"},
		{"https://beian.mps.gov.cn/#/", "", ledger.SystemPSB, ""},
		{"https://beian.miit.gov.cn", "", ledger.SystemMIITLegacy, ""},
		{"https://dxzhgl.miit.gov.cn/", "", ledger.SystemLicence, ""},
		{"https://www.west.cn/manager", "", ledger.SystemRegistrar, "西部数码"},
		{"https://www.xinnet.com", "", ledger.SystemRegistrar, "新网"},
		{"https://console.dnspod.cn", "", ledger.SystemDNS, "腾讯云"},
		{"", "阿里云主账号", ledger.SystemProvider, "阿里云"},
		{"https://example.cn/admin", "后台", ledger.SystemOther, ""},
	} {
		s, p := guessSystem(c.url, c.title)
		if s != c.system || p != c.provider {
			t.Errorf("guessSystem(%q, %q) = %s %q, want %s %q", c.url, c.title, s, p, c.system, c.provider)
		}
	}
}
