package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLedgerCommandsEndToEnd(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "l.beianvault")
	env := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=pw"}
	run := func(args ...string) result { return runCLI(t, env, args...) }
	expect(t, run(append([]string{"init"}, cheap...)...), 0, "init")

	expect(t, run("add", "entity", "--name", "北京示例科技有限公司", "--uscc", "91110105MA01XK3P6N", "--filing-number", "京ICP备2021012345号"), 0, "add entity")
	r := run("add", "site", "--number", "京ICP备2021012345号-1", "--name", "示例官网", "--domains", "Example.cn、www.example.cn",
		"--entity", "北京示例科技有限公司", "--provider", "aliyun", "--first-filed", "2021年3月5日", "--ssl-expiry", "2026/12/31")
	expect(t, r, 0, "add site")
	// A 川 alias and a wrong USCC checksum are warnings, and kept.
	r = run("add", "site", "--number", "川ICP备09150084号-2", "--name", "旧站")
	expect(t, r, 0, "add alias site")
	if !strings.Contains(r.stderr, "蜀") {
		t.Errorf("no alias warning: %s", r.stderr)
	}
	r = run("add", "entity", "--name", "错码公司", "--uscc", "91110105MA01XK3P60")
	expect(t, r, 0, "add entity with bad checksum")
	if !strings.Contains(r.stderr, "check character") {
		t.Errorf("no checksum warning: %s", r.stderr)
	}
	// The warning in Chinese first, from the same catalogue as the window's.
	if zh, en := strings.Index(r.stderr, "校验位应为 N，不是 0"), strings.Index(r.stderr, "check character"); zh < 0 ||
		!strings.Contains(r.stderr, "（已按输入保存）") || zh > en {
		t.Errorf("checksum warning not in Chinese first: %s", r.stderr)
	}
	// A value of the wrong kind is named as a kind in both languages.
	r = run("add", "contact", "--name", "李四", "--role", "site-owner", "--mobile", "91110105MA01XK3P6N")
	expect(t, r, 0, "add contact with a USCC for a mobile")
	if !strings.Contains(r.stderr, "看起来是统一社会信用代码，不是手机号") || !strings.Contains(r.stderr, "looks like a unified social credit code, not a mobile number") {
		t.Errorf("wrong-kind warning: %s", r.stderr)
	}
	expect(t, run("add", "site", "--name", "x", "--first-filed", "2023-02-29"), 2, "impossible date")
	expect(t, run("add", "credential", "--site", "no-such.example", "--login", "x"), 1, "credential for unknown site")

	r = runStdin(t, os.Args[0], nil, env, "S3cret-one!\n", "add", "credential", "--site", "example.cn", "--system", "provider-console",
		"--login", "admin@example.cn", "--secret-stdin", "--rotation-months", "6")
	expect(t, r, 0, "add credential")
	expect(t, run("add", "contact", "--name", "张三", "--role", "site-owner", "--mobile", "13800138000", "--site", "example.cn"), 0, "add contact")
	expect(t, run("check", "京ICP备2021012345号-1", "--result", "normal", "--note", "季度核查"), 0, "check")
	expect(t, run("check", "example.cn", "--result", "fine"), 2, "bad result")

	// list --json
	r = run("list", "--json")
	expect(t, r, 0, "list")
	var sites []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &sites); err != nil || len(sites) != 2 {
		t.Fatalf("list --json: %v %s", err, r.stdout)
	}
	byNum := map[string]map[string]any{}
	for _, s := range sites {
		byNum[s["number"].(string)] = s
	}
	main := byNum["京ICP备2021012345号-1"]
	if main["entity"] != "北京示例科技有限公司" || main["provider"] != "阿里云" || main["check_due"] != false {
		t.Errorf("list row: %v", main)
	}
	if byNum["川ICP备09150084号-2"]["check_due"] != true {
		t.Errorf("unchecked site not due: %v", byNum["川ICP备09150084号-2"])
	}

	// search by contact, by full-width, by provider alias; show by domain and alias
	for _, q := range []string{"张三", "ＥＸＡＭＰＬＥ", "aliyun", "示例 官网"} {
		r = run("search", q, "--json")
		expect(t, r, 0, "search "+q)
		var hits []map[string]any
		json.Unmarshal([]byte(r.stdout), &hits)
		if len(hits) != 1 {
			t.Errorf("search %q: %s", q, r.stdout)
		}
	}
	expect(t, run("show", "蜀ICP备09150084号-2"), 0, "show by canonical form of an alias number")
	r = run("show", "www.example.cn", "--json")
	expect(t, r, 0, "show")
	if strings.Contains(r.stdout, "S3cret-one!") {
		t.Fatal("show printed a secret without --reveal")
	}
	var sh struct {
		Credentials []struct {
			ID          string  `json:"id"`
			Secret      *string `json:"secret"`
			RotationDue string  `json:"rotation_due"`
		} `json:"credentials"`
		Contacts []map[string]any `json:"contacts"`
		Checks   []map[string]any `json:"checks"`
	}
	json.Unmarshal([]byte(r.stdout), &sh)
	if len(sh.Credentials) != 1 || len(sh.Contacts) != 1 || len(sh.Checks) != 1 {
		t.Fatalf("show: %s", r.stdout)
	}
	r = run("show", "example.cn", "--reveal", "--json")
	if !strings.Contains(r.stdout, "S3cret-one!") {
		t.Fatalf("--reveal: %s", r.stdout)
	}

	// rotate: from stdin, then generated
	r = runStdin(t, os.Args[0], nil, env, "S3cret-two@\n", "rotate", "admin@example.cn")
	expect(t, r, 0, "rotate from stdin")
	r = run("rotate", sh.Credentials[0].ID[:8], "--generate")
	expect(t, r, 0, "rotate --generate")
	gen := strings.TrimSpace(strings.TrimPrefix(r.stdout, "generated password:"))
	r = run("show", "example.cn", "--reveal")
	if !strings.Contains(r.stdout, gen) || strings.Contains(r.stdout, "S3cret-two@") {
		t.Fatalf("after rotation: %s", r.stdout)
	}
	expect(t, run("show", "nowhere.example"), 1, "show unknown")
	expect(t, run("verify"), 0, "verify after edits")
}

func TestValidateJSON(t *testing.T) {
	r := runCLI(t, nil, "validate", "--json", "京ICP备11018762号-11", "91110105MA01XK3P60", "13800138000", "nonsense")
	expect(t, r, 0, "validate (invalid values still exit 0)")
	var out []struct {
		Input, Kind, Normalized string
		Valid                   bool
		Problems                []string
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || len(out) != 4 {
		t.Fatalf("%v %s", err, r.stdout)
	}
	want := []struct {
		kind  string
		valid bool
	}{{"icp-site", true}, {"uscc", false}, {"mobile", true}, {"unknown", false}}
	for i, w := range want {
		if out[i].Kind != w.kind || out[i].Valid != w.valid || out[i].Problems == nil {
			t.Errorf("%d: %+v", i, out[i])
		}
	}
}

func TestDemoVault(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "demo.beianvault")
	env := []string{"BEIANLEDGER_PASSWORD=demo"}
	r := runCLI(t, env, append([]string{"demo", "--out", vp, "--sites", "40"}, cheap...)...)
	expect(t, r, 0, "demo")
	expect(t, runCLI(t, env, "demo", "--out", vp), 1, "demo over an existing file")
	r = runCLI(t, append(env, "BEIANLEDGER_VAULT="+vp), "list", "--json")
	expect(t, r, 0, "list demo")
	var sites []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &sites); err != nil || len(sites) != 40 {
		t.Fatalf("demo list: %v, %d sites", err, len(sites))
	}
	due := 0
	for _, s := range sites {
		if s["check_due"] == true {
			due++
		}
	}
	if due == 0 || due == 40 {
		t.Errorf("%d of 40 demo sites need a check: the demo should show some of each", due)
	}
	expect(t, runCLI(t, append(env, "BEIANLEDGER_VAULT="+vp), "verify"), 0, "verify demo")
}
