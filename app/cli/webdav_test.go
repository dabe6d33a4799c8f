package cli

import (
	"bytes"
	"fmt"
	"math/rand"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"beianledger/internal/davtest"
	"beianledger/vault"
)

// davEnv is one office's environment: the share's credentials, its own
// cache and memory of vaults (as on its own computer).
func davEnv(t *testing.T, s *davtest.Server, url string) []string {
	return []string{"BEIANLEDGER_VAULT=" + url, "BEIANLEDGER_PASSWORD=共享口令",
		vault.WebDAVUserEnv + "=" + s.User, vault.WebDAVPasswordEnv + "=" + s.Pass,
		vault.CacheDirEnv + "=" + t.TempDir(), vault.KnownDirEnv + "=" + t.TempDir()}
}

// Two offices write through WebDAV at once, as two CLI processes with
// their own caches: interleaved new sites, status checks of the same sites
// and rotations of the same accounts. Every change of both is on the share
// afterwards. BEIANLEDGER_WEBDAV_N sets the changes per writer (default
// 100; 12 in a race build, whose processes are several times slower
// (there the test looks for data races more than for lost saves); 20 with
// -short).
func TestWebDAVTwoWritersLoseNothing(t *testing.T) {
	n := 100
	if raceEnabled {
		n = 12
	}
	if testing.Short() {
		n = 20
	}
	if s := os.Getenv("BEIANLEDGER_WEBDAV_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	s := davtest.New(t)
	url := s.URL("共享台账.beianvault")
	envs := [][]string{davEnv(t, s, url), davEnv(t, s, url)}
	env := envs[0]
	expect(t, runCLI(t, env, append([]string{"init", "--label", "北京"}, cheap...)...), 0, "init")
	expect(t, runCLI(t, env, "add", "entity", "--name", "北京示例科技有限公司"), 0, "entity")
	for i := 1; i <= 3; i++ {
		expect(t, runCLI(t, env, "add", "site", "--number", fmt.Sprintf("京ICP备2021012345号-%d", i), "--name", fmt.Sprintf("共享网站%d", i),
			"--domains", fmt.Sprintf("shared%d.example.cn", i), "--entity", "北京示例科技有限公司"), 0, "site")
		expect(t, runStdin(t, os.Args[0], nil, env, "old-secret\n", "add", "credential", "--site", fmt.Sprintf("shared%d.example.cn", i),
			"--system", "provider-console", "--login", fmt.Sprintf("admin%d", i), "--secret-stdin"), 0, "credential")
	}
	auditBefore := auditCount(t, env)
	start := time.Now()
	counts := make([]struct{ sites, changes int }, 2)
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewSource(int64(w + 1)))
			name := []string{"北京", "上海"}[w]
			for i := range n {
				var args []string
				switch op := rnd.Intn(10); {
				case op < 4:
					args = []string{"add", "site", "--name", fmt.Sprintf("%s的网站%d", name, i), "--entity", "北京示例科技有限公司"}
					counts[w].sites++
				case op < 7:
					args = []string{"check", fmt.Sprintf("shared%d.example.cn", rnd.Intn(3)+1), "--result", "normal", "--note", fmt.Sprintf("%s第%d次核查", name, i)}
				default:
					args = []string{"rotate", fmt.Sprintf("admin%d", rnd.Intn(3)+1), "--generate"}
				}
				r := runCLI(t, envs[w], args...)
				if r.code != 0 {
					t.Errorf("writer %s change %d %v: exit %d: %s", name, i, args, r.code, r.stderr)
					return
				}
				counts[w].changes++
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	r := runCLI(t, env, "list", "--json")
	expect(t, r, 0, "list")
	total := counts[0].sites + counts[1].sites
	if got := strings.Count(r.stdout, "的网站"); got != total {
		t.Errorf("%d of %d new sites on the share: %d lost", got, total, total-got)
	}
	if got, want := auditCount(t, env)-auditBefore, counts[0].changes+counts[1].changes; got < want {
		t.Errorf("audit has %d new lines for %d changes", got, want)
	}
	expect(t, runCLI(t, env, "verify"), 0, "verify")
	t.Logf("%d changes each in %v; %d PUTs, %d answered 412 and merged", n, time.Since(start).Round(time.Millisecond), s.Puts.Load(), s.Refused.Load())
	if s.Refused.Load() == 0 {
		t.Log("no save ever met another's: the writers did not interleave")
	}
}

// Wrong credentials, a full share, a server without ETags and a share out
// of reach, through the CLI: clear messages in both languages, exit codes
// of the contract, the vault on the share unchanged.
func TestWebDAVCLIErrors(t *testing.T) {
	s := davtest.New(t)
	url := s.URL("台账.beianvault")
	env := davEnv(t, s, url)
	expect(t, runCLI(t, env, append([]string{"init", "--label", "北京"}, cheap...)...), 0, "init")
	r := runCLI(t, env, append([]string{"init", "--label", "又一个"}, cheap...)...)
	if r.code != ExitError || !strings.Contains(r.stderr, "已有文件") {
		t.Errorf("init over an existing vault: exit %d\n%s", r.code, r.stderr)
	}
	before := s.File("台账.beianvault")

	s.FailPut.Store(http.StatusInsufficientStorage)
	r = runCLI(t, env, "add", "entity", "--name", "上海示例有限公司")
	if r.code != ExitError || !strings.Contains(r.stderr, "网盘空间已满") || !strings.Contains(r.stderr, "share is full") ||
		!strings.Contains(r.stderr, "更改没有保存") || !strings.Contains(r.stderr, "NOT saved") {
		t.Errorf("507: exit %d\n%s", r.code, r.stderr)
	}
	s.FailPut.Store(0)

	bad := append(append([]string{}, env...), vault.WebDAVPasswordEnv+"=wrong")
	r = runCLI(t, bad, "list")
	if r.code != ExitUnlock || !strings.Contains(r.stderr, "应用密码") || !strings.Contains(r.stderr, "401") {
		t.Errorf("401: exit %d\n%s", r.code, r.stderr)
	}
	if !bytes.Equal(before, s.File("台账.beianvault")) {
		t.Fatal("the vault on the share changed")
	}

	s.NoETag.Store(true)
	r = runCLI(t, env, "add", "entity", "--name", "上海示例有限公司")
	if r.code != ExitError || !strings.Contains(r.stderr, "ETag") {
		t.Errorf("no ETag, write: exit %d\n%s", r.code, r.stderr)
	}
	expect(t, runCLI(t, env, "list"), 0, "no ETag, read")
	s.NoETag.Store(false)

	s.Close()
	r = runCLI(t, env, "list")
	if r.code != 0 || !strings.Contains(r.stderr, "离线") || !strings.Contains(r.stderr, "offline") {
		t.Errorf("offline read: exit %d\n%s", r.code, r.stderr)
	}
	r = runCLI(t, env, "add", "entity", "--name", "上海示例有限公司")
	if r.code != 0 || !strings.Contains(r.stderr, "有 1 项更改在本机等待上传") || !strings.Contains(r.stderr, "1 change(s) wait") {
		t.Errorf("offline write: exit %d\n%s", r.code, r.stderr)
	}
	r = runCLI(t, env, "list", "--json", "--vault", url)
	if r.code != 0 || !strings.Contains(r.stderr, "等待上传") {
		t.Errorf("offline read with a change waiting: exit %d\n%s", r.code, r.stderr)
	}
	r = runCLI(t, env, "backups", "list", "--json")
	if r.code != 0 {
		t.Errorf("backups of the copy: exit %d\n%s", r.code, r.stderr)
	}
	r = runCLI(t, env, "list", "--vault", "http://dav.example.com/台账.beianvault")
	if r.code != ExitError || !strings.Contains(r.stderr, "https://") {
		t.Errorf("plain http elsewhere: exit %d\n%s", r.code, r.stderr)
	}
}

// remote test passes a proper share, and refuses one that ignores If-Match.
func TestWebDAVRemoteTestCommand(t *testing.T) {
	s := davtest.New(t)
	env := davEnv(t, s, "")
	r := runCLI(t, env, "remote", "test", s.URL("台账.beianvault"))
	if r.code != 0 || !strings.Contains(r.stdout, "可以存放") {
		t.Errorf("proper share: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	s.IgnoreIfMatch.Store(true)
	r = runCLI(t, env, "remote", "test", "--json", s.URL("台账.beianvault"))
	if r.code != ExitError || !strings.Contains(r.stdout, `"fit": false`) || !strings.Contains(r.stderr, "If-Match") {
		t.Errorf("If-Match ignored: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// rclone's `serve webdav` (Debian's rclone): a real second server. The
// Debian build (1.60) ignores If-Match and If-None-Match, so `remote test`
// must find it unfit for saving, while a vault put there opens read-only.
// Skipped only where rclone is missing outside CI.
func TestWebDAVRclone(t *testing.T) {
	bin, err := exec.LookPath("rclone")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("rclone is missing (scripts/setup-debian installs it)")
		}
		t.Skip("rclone is not installed")
	}
	dir := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(bin, "serve", "webdav", dir, "--addr", addr, "--user", "office", "--pass", "app-password", "--config", "/dev/null")
	var logb bytes.Buffer
	cmd.Stderr = &logb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	base := "http://" + addr
	for i := 0; ; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		if i == 200 {
			t.Fatalf("rclone did not start: %s", logb.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	local := filepath.Join(t.TempDir(), "台账.beianvault")
	lenv := []string{"BEIANLEDGER_VAULT=" + local, "BEIANLEDGER_PASSWORD=共享口令"}
	expect(t, runCLI(t, lenv, append([]string{"init", "--label", "北京"}, cheap...)...), 0, "init")
	expect(t, runCLI(t, lenv, "add", "entity", "--name", "北京示例科技有限公司"), 0, "entity")
	data, _ := os.ReadFile(local)
	os.WriteFile(filepath.Join(dir, "台账.beianvault"), data, 0o600)

	env := []string{"BEIANLEDGER_PASSWORD=共享口令", vault.WebDAVUserEnv + "=office", vault.WebDAVPasswordEnv + "=app-password",
		vault.CacheDirEnv + "=" + t.TempDir(), vault.KnownDirEnv + "=" + t.TempDir()}
	url := base + "/台账.beianvault"
	r := runCLI(t, env, "remote", "test", url)
	if r.code != ExitError || !strings.Contains(r.stderr, "If-Match") {
		t.Errorf("rclone remote test: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Remembered: writing there is refused from now on.
	before, _ := os.ReadFile(filepath.Join(dir, "台账.beianvault"))
	r = runCLI(t, env, "add", "entity", "--name", "上海示例有限公司", "--vault", url)
	if r.code != ExitError || !strings.Contains(r.stderr, "If-Match") {
		t.Errorf("write to rclone after the test: exit %d\n%s", r.code, r.stderr)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "台账.beianvault")); !bytes.Equal(before, after) {
		t.Error("the vault at rclone changed")
	}
	r = runCLI(t, env, "list", "--vault", url)
	if r.code != 0 {
		t.Errorf("read-only list over rclone: exit %d\n%s", r.code, r.stderr)
	}
	r = runCLI(t, append(env, vault.WebDAVPasswordEnv+"=wrong"), "list", "--vault", url)
	if r.code != ExitUnlock {
		t.Errorf("wrong password at rclone: exit %d\n%s", r.code, r.stderr)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("the share test left files: %v", ents)
	}
}
