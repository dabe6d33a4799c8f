package tabular

import (
	"strings"
	"testing"
)

// The review's finding: a column of passwords under a header the importer
// did not know (登录密码) went into the site notes in plain text, searchable
// and exported without secrets.
func TestUnknownPasswordColumnIsSealed(t *testing.T) {
	const pw = "Zx9#kq!vT2"
	csv := "网站备案号,网站名称,登录名,登录密码\n京ICP备2021012345号-1,官网,admin@example.cn," + pw + "\n"
	st := newStore(t)
	_, p := plan(t, st, "t.csv", []byte(csv))
	for _, pr := range p.Problems {
		if strings.Contains(pr.String(), pw) {
			t.Errorf("problem echoes the password: %v", pr)
		}
	}
	if !hasProblem(p.Problems, 1, SeverityWarning, "第 D 列", "登录密码", "column D", "password") {
		t.Errorf("no notice that 登录密码 is read as the password: %v", p.Problems)
	}
	if err := apply(st, p); err != nil {
		t.Fatal(err)
	}
	sites := must(st.Sites())(t)
	creds := must(st.Credentials())(t)
	if len(sites) != 1 || strings.Contains(sites[0].Notes, pw) || len(creds) != 1 || strings.Contains(creds[0].Notes, pw) || !creds[0].HasSecret {
		t.Fatalf("sites %+v creds %+v", sites, creds)
	}
	got := must(st.Reveal("credential", creds[0].ID))(t)
	if string(got) != pw {
		t.Errorf("sealed %q", got)
	}
	if hits := must(st.Search(pw, 10))(t); len(hits) != 0 {
		t.Errorf("the password is searchable: %v", hits)
	}
}

func TestAmbiguousPasswordColumnsRefused(t *testing.T) {
	const a, b = "Secret-A-771", "Secret-B-882"
	for name, csv := range map[string]string{
		"with 密码":  "网站备案号,网站名称,登录名,密码,备案密码\n京ICP备2021012345号-1,官网,admin," + a + "," + b + "\n",
		"two":      "网站备案号,网站名称,登录名,口令,PIN\n京ICP备2021012345号-1,官网,admin," + a + "," + b + "\n",
		"repeated": "网站备案号,网站名称,登录名,密码,密码\n京ICP备2021012345号-1,官网,admin," + a + "," + b + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			st := newStore(t)
			s, p := plan(t, st, "t.csv", []byte(csv))
			if p.Summary().Errors == 0 {
				t.Fatalf("not refused: %v", p.Problems)
			}
			if !hasProblem(p.Problems, 1, SeverityError, "第 1 行第 E 列", "column E on row 1", "密码") {
				t.Errorf("no row/column-numbered refusal: %v", p.Problems)
			}
			for _, pr := range p.Problems {
				if strings.Contains(pr.String(), a) || strings.Contains(pr.String(), b) {
					t.Errorf("problem echoes a password: %v", pr)
				}
				if strings.Contains(pr.Message, "kept in the notes") {
					t.Errorf("problem says a password column goes to the notes: %v", pr)
				}
			}
			for _, r := range s.Rows {
				for k, v := range r.Cells {
					if v == b || (k != ColPassword && v == a) {
						t.Errorf("the refused column's value is kept under %q", k)
					}
				}
			}
			if err := apply(st, p); err == nil {
				t.Error("applied")
			}
		})
	}
}

// Headers about a password (its date, hint) and words that merely contain
// "pin" stay ordinary columns.
func TestSecretHeaderWords(t *testing.T) {
	for h, want := range map[string]bool{
		"登录密码": true, "备案密码": true, "口令": true, "PIN": true, "PIN码": true, "密钥": true, "Token": true,
		"pwd": true, "passwd": true, "API Key": true, "client_secret": true, "支付pin": true,
		"密码更新时间": false, "密码提示": false, "Password hint": false, "Shipping": false, "Mapping": false, "备注": false,
	} {
		if got := secretHeader(h); got != want {
			t.Errorf("secretHeader(%q) = %v, want %v", h, got, want)
		}
	}
	// A date about the password goes to the notes as before.
	st := newStore(t)
	_, p := plan(t, st, "t.csv", []byte("网站备案号,网站名称,密码更新时间\n京ICP备2021012345号-1,官网,2026-01-02\n"))
	if p.Summary().Errors != 0 || len(p.Sites) != 1 || !strings.Contains(strings.Join(p.Sites[0].notes, "\n"), "2026-01-02") {
		t.Errorf("problems %v", p.Problems)
	}
}
