package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestMistakesAreExplainedInChinese: the common mistakes on the command
// line — a record that is not there, a flag missing, no passphrase to be
// had — end with what to do, in Chinese first and then in English; the
// clear-text warning of an export is in both languages too.
func TestMistakesAreExplainedInChinese(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "l.beianvault")
	env := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=pw"}
	run := func(args ...string) result { return runCLI(t, env, args...) }
	expect(t, run(append([]string{"init"}, cheap...)...), 0, "init")

	zhFirst := func(what string, r result, zh, en string) {
		t.Helper()
		i, j := strings.Index(r.stderr, zh), strings.Index(r.stderr, en)
		if i < 0 || j < 0 || i > j {
			t.Errorf("%s: want %q, then %q; stderr:\n%s", what, zh, en, r.stderr)
		}
	}

	r := run("show", "京ICP备2099000001号-1")
	expect(t, r, 1, "show a site that is not there")
	zhFirst("not found", r, "提示：台账里没有这条记录", "hint: no live record matches")

	r = run("check", "nosuch.example.cn", "--result", "normal")
	expect(t, r, 1, "check a site that is not there")
	zhFirst("not found (check)", r, "beianledger search 关键词", "beianledger search WORDS")

	r = run("export", "--out", filepath.Join(dir, "x.pdf"))
	expect(t, r, 2, "export without a format")
	zhFirst("usage (command)", r, "提示：命令的参数不对；`beianledger export --help`", "hint: see `beianledger export --help`")

	r = run("list", "--no-such-flag")
	expect(t, r, 2, "an unknown flag")
	zhFirst("usage (flags)", r, "`beianledger list --help` 列出它的全部参数", "hint: see `beianledger list --help`")

	// No passphrase and no terminal: say where one comes from, not "check
	// the passphrase".
	r = runCLI(t, []string{"BEIANLEDGER_VAULT=" + vp}, "list")
	expect(t, r, 3, "no passphrase")
	zhFirst("no passphrase", r, "提示：没有给出口令", "hint: set BEIANLEDGER_PASSWORD")
	if strings.Contains(r.stderr, "请检查口令") {
		t.Errorf("no passphrase given, yet told to check it:\n%s", r.stderr)
	}

	r = run("export", "--format", "csv", "--out", filepath.Join(dir, "x.csv"), "--include-secrets")
	expect(t, r, 0, "export with passwords")
	zhFirst("clear-text warning", r, "将以明文保存全部密码", "will hold every password in clear text")
}

// TestWritesSayWhatTheyDidInChinese: what a command did is said in Chinese
// and then in English, for the writes an administrator runs by hand.
func TestWritesSayWhatTheyDidInChinese(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "l.beianvault")
	env := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=pw"}
	run := func(args ...string) result { return runCLI(t, env, args...) }
	r := run(append([]string{"init"}, cheap...)...)
	expect(t, r, 0, "init")
	for _, c := range []struct {
		args   []string
		zh, en string
	}{
		{[]string{"add", "site", "--number", "京ICP备2021012345号-1", "--name", "示例官网", "--domains", "example.cn"}, "已添加 / added site", "added site"},
		{[]string{"check", "example.cn", "--result", "problem"}, "的状态核查：有问题", "logged a problem status check"},
		{[]string{"conflicts", "list"}, "没有待处理的冲突", "no open conflicts"},
		{[]string{"access", "add-recovery-key", "--out", filepath.Join(dir, "rk.txt")}, "请打印出来，然后删除该文件", "print it, then delete the file"},
	} {
		r := run(c.args...)
		expect(t, r, 0, c.args[0])
		i, j := strings.Index(r.stdout, c.zh), strings.Index(r.stdout, c.en)
		if i < 0 || j < i {
			t.Errorf("%v: want %q, then %q; stdout:\n%s", c.args, c.zh, c.en, r.stdout)
		}
	}
	// The count under a list, and a letter's blanks, on stderr.
	r = run("list")
	expect(t, r, 0, "list")
	if !strings.Contains(r.stderr, "共 1 个网站 / 1 sites") {
		t.Errorf("list count: %q", r.stderr)
	}
	r = run("letter", "recovery-authorisation", "--site", "example.cn", "--format", "docx", "--out", filepath.Join(dir, "l.docx"))
	expect(t, r, 0, "letter")
	if !strings.Contains(r.stderr, "需手工填写 / blank, fill in by hand:") || !strings.Contains(r.stdout, "处需手工填写）/ wrote ") {
		t.Errorf("letter: stdout %q, stderr %q", r.stdout, r.stderr)
	}
}
