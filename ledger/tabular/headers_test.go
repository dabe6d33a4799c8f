package tabular

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"beianledger/ledger"
)

// A valid sample row: names with 堃 and the 4-byte GB18030 character 𠀀.
const (
	sampleEntity = "北京星河示例科技有限公司"
	sampleUSCC   = "91110108MA01ABCD1X"
	sampleNumber = "京ICP备2023000001号-1"
	sampleOwner  = "王堃"
	sampleBackup = "李𠀀"
)

func TestColumnsAreUnambiguous(t *testing.T) {
	seen := map[string]string{}
	for _, c := range Columns {
		for _, h := range append([]string{c.Chinese, c.English, c.ID}, c.Aliases...) {
			k := headerKey(h)
			if other, dup := seen[k]; dup && other != c.ID {
				t.Errorf("header %q matches both %s and %s", h, other, c.ID)
			}
			seen[k] = c.ID
		}
		if c.Chinese == "" || c.English == "" {
			t.Errorf("column %s lacks a header", c.ID)
		}
	}
	if n := len(Columns); n < 23+18 {
		t.Errorf("only %d columns", n)
	}
}

func TestHeaderVariants(t *testing.T) {
	row := []string{sampleEntity, sampleNumber, "星河示例官网", "xinghe-shili.cn；www.xinghe-shili.cn", "阿里云",
		"2024/1/5", sampleOwner, "13800138000", sampleBackup, "13900139000", "接入商控制台", "admin", "S3cret!,x", "3个月"}
	variants := []struct {
		name   string
		header []string
	}{
		{"chinese", []string{"主体名称", "网站备案号", "网站名称", "域名", "接入商", "首次备案日期", "主体负责人", "主体负责人手机", "备用联系人", "备用联系人手机", "账号系统", "登录名", "密码", "轮换周期(月)"}},
		{"english", []string{"Entity", "Site filing number", "Site name", "Domains", "Provider", "First filed", "Entity owner", "Entity owner mobile", "Backup contact", "Backup contact mobile", "System", "Login", "Password", "Rotation (months)"}},
		{"spaces and case", []string{" 主体 名称", "网站备案号 ", "SITE NAME", "域 名", "provider", "First  Filed", "entity owner", "Entity Owner Mobile", "备用联系人\u3000", "backup contact MOBILE", "system", "LOGIN", "password", "rotation(months)"}},
		{"full-width", []string{"主体名称", "网站备案号", "网站名称", "域名", "接入商", "首次备案日期", "主体负责人", "主体负责人手机", "备用联系人", "备用联系人手机", "账号系统", "登录名", "密码", "轮换周期（月）"}},
		{"full-width latin", []string{"Ｅｎｔｉｔｙ", "Ｓｉｔｅ　ｆｉｌｉｎｇ　ｎｕｍｂｅｒ", "网站名称", "Ｄｏｍａｉｎｓ", "接入商", "首次备案日期", "主体负责人", "主体负责人手机", "备用联系人", "备用联系人手机", "账号系统", "登录名", "密码", "Ｒｏｔａｔｉｏｎ（ｍｏｎｔｈｓ）"}},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			data := csvBytes(v.header, row)
			st := newStore(t)
			s, p := plan(t, st, "h.csv", data)
			want := []string{ColEntity, ColSiteNumber, ColSiteName, ColDomains, ColProvider, ColFirstFiled, ColEntityOwner,
				ColEntityOwnerMobile, ColBackup, ColBackupMobile, ColSystem, ColLogin, ColPassword, ColRotationMonths}
			if !slices.Equal(s.Columns, want) || len(s.Unknown) != 0 {
				t.Fatalf("columns %v unknown %v", s.Columns, s.Unknown)
			}
			if err := apply(st, p); err != nil {
				t.Fatal(err)
			}
			checkSample(t, st)
		})
	}
	// The USCC header in full width.
	s := must(ReadFile("u.csv", []byte("ＵＳＣＣ,网站备案号\n"+sampleUSCC+","+sampleNumber+"\n")))(t)
	if !slices.Equal(s.Columns, []string{ColUSCC, ColSiteNumber}) || s.Rows[0].Cells[ColUSCC] != sampleUSCC {
		t.Errorf("ＵＳＣＣ: columns %v rows %v", s.Columns, s.Rows)
	}
}

// checkSample checks what the sample row imports as.
func checkSample(t *testing.T, st ledger.Store) {
	t.Helper()
	site := must(st.FindSite(sampleNumber))(t)
	if site.Name != "星河示例官网" || !slices.Equal(site.Domains, []string{"xinghe-shili.cn", "www.xinghe-shili.cn"}) ||
		site.EntityName != sampleEntity || site.ProviderName != "阿里云" || site.FirstFiled != ledger.MustDate("2024-01-05") {
		t.Errorf("site %+v", site)
	}
	creds := must(st.Credentials())(t)
	if len(creds) != 1 || creds[0].System != ledger.SystemProvider || creds[0].Login != "admin" || creds[0].RotationMonths != 3 || creds[0].SiteID != site.ID {
		t.Fatalf("credentials %+v", creds)
	}
	if pw := must(st.Reveal("credential", creds[0].ID))(t); string(pw) != "S3cret!,x" {
		t.Errorf("password %q", pw)
	}
	contacts := must(st.Contacts())(t)
	names := map[string]ledger.Contact{}
	for _, c := range contacts {
		names[c.Name] = c
	}
	if c := names[sampleOwner]; c.Role != ledger.RoleEntityOwner || c.Mobile != "13800138000" || c.EntityID != site.EntityID {
		t.Errorf("entity owner %+v", c)
	}
	if c := names[sampleBackup]; c.Role != ledger.RoleBackup || c.Mobile != "13900139000" || c.EntityID != site.EntityID {
		t.Errorf("backup %+v", c)
	}
}

// csvBytes writes a small CSV by hand (quoting every cell).
func csvBytes(rows ...[]string) []byte {
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"` + strings.ReplaceAll(c, `"`, `""`) + `"`)
		}
		b.WriteString("\r\n")
	}
	return []byte(b.String())
}

func TestEncodings(t *testing.T) {
	header := []string{"主体名称", "网站备案号", "网站名称", "域名", "接入商", "首次备案日期", "主体负责人", "主体负责人手机", "备用联系人", "备用联系人手机", "账号系统", "登录名", "密码", "轮换周期(月)"}
	row := []string{sampleEntity, sampleNumber, "星河示例官网", "xinghe-shili.cn,www.xinghe-shili.cn", "aliyun",
		"2024年1月5日", sampleOwner, "13800138000", sampleBackup, "13900139000", "provider-console", "admin", "S3cret!,x", "3"}
	plain := csvBytes(header, row)
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(plain)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(plain), "𠀀") || len(gb) >= len(plain) {
		t.Fatal("the sample lacks the 4-byte character or did not encode")
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(plain)
	if err != nil {
		t.Fatal(err)
	}
	tab := []byte(strings.ReplaceAll(strings.ReplaceAll(string(csvBytes(header, row)), `","`, "\"\t\""), "xinghe-shili.cn,www", "xinghe-shili.cn,www"))
	semi := []byte(strings.ReplaceAll(string(csvBytes(header, row)), `","`, `";"`))
	for _, c := range []struct {
		name, enc string
		data      []byte
	}{
		{"utf-8", "utf-8", plain},
		{"utf-8 with BOM", "utf-8-bom", append([]byte("\xEF\xBB\xBF"), plain...)},
		{"gb18030", "gb18030", gb},
		{"utf-16", "utf-16", utf16},
		{"tab-separated", "utf-8", tab},
		{"semicolon-separated", "utf-8", semi},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := newStore(t)
			s, p := plan(t, st, "e.csv", c.data)
			if s.Encoding != c.enc {
				t.Errorf("encoding %q, want %q", s.Encoding, c.enc)
			}
			if len(s.Columns) != len(header) {
				t.Fatalf("columns %v (unknown %v)", s.Columns, s.Unknown)
			}
			if got := s.Rows[0].Cells[ColBackup]; got != sampleBackup {
				t.Errorf("backup %q, want %q", got, sampleBackup)
			}
			if err := apply(st, p); err != nil {
				t.Fatal(err)
			}
			checkSample(t, st)
		})
	}
}

func TestTitleRowsAndLineNumbers(t *testing.T) {
	data := []byte("2026年 备案台账（示例）,,\n\n" +
		"网站备案号,网站名称,首次备案日期\n" +
		"京ICP备2023000001号-1,\"多行\n名称\",2024-01-05\n" +
		",,\n" +
		"京ICP备2023000001号-2,第二个,2023-02-29\n")
	s, p := plan(t, nil, "t.csv", data)
	if s.HeaderLine != 3 {
		t.Errorf("header on line %d, want 3", s.HeaderLine)
	}
	if len(s.Rows) != 2 || s.Rows[0].Line != 4 || s.Rows[1].Line != 6 {
		t.Fatalf("rows %+v", s.Rows)
	}
	// The impossible date is reported on the spreadsheet's row 6 even
	// though a quoted cell spans two text lines.
	if !hasProblem(p.Problems, 6, SeverityError, "首次备案日期", "2023-02-29") {
		t.Errorf("problems %v", p.Problems)
	}
}
