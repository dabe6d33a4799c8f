//go:build linux

// Package guiwriter holds the two-writer reliability test with the real
// window as one writer (scripts/gui-writer-test runs it under Xvfb).
package guiwriter

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"beianledger/vault"
)

// BinEnv names the built app (go build of the repository root) that the
// test runs as the window and as the command line; without it the test is
// skipped. NEnv sets the changes per writer (default 200).
const (
	BinEnv = "GUI_WRITER_BIN"
	NEnv   = "GUI_WRITER_N"
)

const (
	vaultName = "共享台账.beianvault"
	passA     = "jia-window-passphrase-2026" // typed into the window
	passB     = "yi-command-line-passphrase-2026"
	labelA    = "甲"
	labelB    = "乙"
	shared    = 3 // sites both writers edit
)

var cheap = []string{"--argon2-time", "1", "--argon2-memory", "8", "--argon2-threads", "1"}

type cliResult struct {
	code           int
	stdout, stderr string
}

type env struct {
	t    *testing.T
	bin  string
	vars []string
}

func (e env) run(stdin string, args ...string) cliResult {
	cmd := exec.Command(e.bin, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir(), "LANG=C.UTF-8"}, e.vars...)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	cmd.Stdin = strings.NewReader(stdin)
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		code = -1
		se.WriteString(err.Error())
	}
	return cliResult{code, so.String(), se.String()}
}

func (e env) must(args ...string) string {
	e.t.Helper()
	r := e.run("", args...)
	if r.code != 0 {
		e.t.Fatalf("beianledger %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}

func (e env) json(out any, args ...string) {
	e.t.Helper()
	s := e.must(append(args, "--json")...)
	if err := json.Unmarshal([]byte(s), out); err != nil {
		e.t.Fatalf("beianledger %s --json: %v: %.200s", strings.Join(args, " "), err, s)
	}
}

// traceLog collects the window's trace lines and wakes waiters.
type traceLog struct {
	mu    sync.Mutex
	cond  *sync.Cond
	lines []string
	ended bool
}

func newTraceLog(r io.Reader, copyTo io.Writer) *traceLog {
	l := &traceLog{}
	l.cond = sync.NewCond(&l.mu)
	go func() {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<16), 1<<20)
		for sc.Scan() {
			fmt.Fprintln(copyTo, sc.Text())
			l.mu.Lock()
			l.lines = append(l.lines, sc.Text())
			l.cond.Broadcast()
			l.mu.Unlock()
		}
		l.mu.Lock()
		l.ended = true
		l.cond.Broadcast()
		l.mu.Unlock()
	}()
	return l
}

// wait returns the first trace line with event ev (after skipping n such
// lines), or fails when the window's output ends first.
func (l *traceLog) wait(t *testing.T, ev string, n int) string {
	t.Helper()
	re := regexp.MustCompile(`^trace [0-9]+ ` + regexp.QuoteMeta(ev) + `( |$)`)
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := 0; ; i++ {
		seen := 0
		for _, s := range l.lines {
			if re.MatchString(s) {
				if seen == n {
					return s
				}
				seen++
			}
		}
		if l.ended {
			t.Fatalf("the window ended before trace %q", ev)
		}
		l.cond.Wait()
	}
}

// matching returns every trace line with event ev.
func (l *traceLog) matching(ev string) []string {
	re := regexp.MustCompile(`^trace [0-9]+ ` + regexp.QuoteMeta(ev) + `( |$)`)
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, s := range l.lines {
		if re.MatchString(s) {
			out = append(out, s)
		}
	}
	return out
}

// change is one change a writer made; at is when it was done.
type change struct {
	writer, kind, id, field, value string
	at                             time.Time
}

// TestWindowAndCommandLineLoseNothing: the real window (writer 甲, folder
// A) and command-line processes (writer 乙, folder B) edit one vault kept
// in step by a Syncthing-like mirror, each making N changes interleaved at
// random — new sites, edits of the same sites' different fields (甲 the
// 公安备案号, 乙 the licence number), edits of the same field (notes), and
// deletions (甲 deletes sites it made, 乙 attachments). Afterwards every
// change of both is in the vault or held as a recorded conflict (0 lost),
// verify passes and the audit has a line per change.
func TestWindowAndCommandLineLoseNothing(t *testing.T) {
	bin := os.Getenv(BinEnv)
	if bin == "" {
		t.Skipf("%s is not set (scripts/gui-writer-test sets it and starts Xvfb)", BinEnv)
	}
	if os.Getenv("DISPLAY") == "" {
		t.Skip("no DISPLAY")
	}
	n := 200
	if s := os.Getenv(NEnv); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			t.Fatalf("%s=%q: want a positive number", NEnv, s)
		}
	}
	t0 := time.Now()
	work := t.TempDir()
	dirA, dirB := filepath.Join(work, "A"), filepath.Join(work, "B")
	for _, d := range []string{dirA, dirB} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	pathA, pathB := filepath.Join(dirA, vaultName), filepath.Join(dirB, vaultName)
	cli := env{t: t, bin: bin, vars: []string{"BEIANLEDGER_VAULT=" + pathB, "BEIANLEDGER_PASSWORD=" + passB,
		vault.KnownDirEnv + "=" + filepath.Join(work, "known-B")}}

	// The vault: made by 甲, with a way in for 乙, three shared sites and
	// attachments for 乙 to delete; then copied to both folders.
	setup := env{t: t, bin: bin, vars: []string{"BEIANLEDGER_VAULT=" + pathB, "BEIANLEDGER_PASSWORD=" + passA,
		vault.KnownDirEnv + "=" + filepath.Join(work, "known-setup")}}
	setup.must(append([]string{"init", "--label", labelA}, cheap...)...)
	setup.vars = append(setup.vars, "BEIANLEDGER_NEW_PASSWORD="+passB)
	setup.must(append([]string{"access", "add-passphrase", "--label", labelB}, cheap...)...)
	setup.must("add", "entity", "--name", "北京示例科技有限公司")
	for i := 1; i <= shared; i++ {
		setup.must("add", "site", "--number", fmt.Sprintf("京ICP备2021012345号-%d", i), "--name", fmt.Sprintf("共享网站%d", i),
			"--domains", fmt.Sprintf("shared%d.example.cn", i), "--entity", "北京示例科技有限公司")
	}
	nAtt := n/10 + 2
	var files []string
	for i := 0; i < nAtt; i++ {
		f := filepath.Join(work, fmt.Sprintf("scan%d.txt", i))
		os.WriteFile(f, []byte(fmt.Sprintf("营业执照扫描件 %d", i)), 0o600)
		files = append(files, f)
	}
	setup.must(append([]string{"attach", "add", "--to", "site:shared1.example.cn"}, files...)...)
	var atts []struct {
		ID string `json:"id"`
	}
	setup.json(&atts, "attach", "list", "--to", "site:shared1.example.cn")
	if len(atts) != nAtt {
		t.Fatalf("%d attachments made, want %d", len(atts), nAtt)
	}
	var auditStart []auditLine
	setup.json(&auditStart, "audit", "--limit", "1000000")
	data, err := os.ReadFile(pathB)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pathA, data, 0o600); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dirB, vaultName+".backups")) // each computer keeps its own

	var failMu sync.Mutex
	var bgErr error
	fail := func(err error) {
		failMu.Lock()
		if bgErr == nil {
			bgErr = err
		}
		failMu.Unlock()
	}
	firstErr := func() error {
		failMu.Lock()
		defer failMu.Unlock()
		return bgErr
	}
	m := &mirror{a: pathA, b: pathB}
	stopMirror := make(chan struct{})
	if err := m.run(stopMirror, fail); err != nil {
		t.Fatal(err)
	}
	defer func() {
		select {
		case <-stopMirror:
		default:
			close(stopMirror)
		}
	}()

	// The window on folder A, driving itself once unlocked.
	home := filepath.Join(work, "home-A")
	os.MkdirAll(filepath.Join(home, ".config"), 0o700)
	logPath := filepath.Join(os.Getenv("GUI_WRITER_OUT"), "gui-writer-app.log")
	if os.Getenv("GUI_WRITER_OUT") == "" {
		logPath = filepath.Join(work, "app.log")
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	app := exec.Command(bin, "gui", "--vault", pathA)
	app.Env = []string{"PATH=" + os.Getenv("PATH"), "DISPLAY=" + os.Getenv("DISPLAY"), "HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "LANG=C", "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent",
		"BEIANLEDGER_TRACE=1", fmt.Sprintf("BEIANLEDGER_DRIVE=%d:%d", n, 1)}
	stderr, err := app.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	app.Stdout = logFile
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	appDone := make(chan error, 1)
	traces := newTraceLog(stderr, logFile)
	go func() { appDone <- app.Wait() }()
	defer func() {
		if app.ProcessState == nil {
			app.Process.Kill()
			<-appDone
		}
	}()
	traces.wait(t, "started", 0)
	win := strings.Fields(xdo(t, "search", "--sync", "--onlyvisible", "--pid", strconv.Itoa(app.Process.Pid)))
	if len(win) == 0 {
		t.Fatal("no window")
	}
	xdo(t, "windowfocus", "--sync", win[0])
	xdo(t, "type", "--delay", "0", passA)
	xdo(t, "key", "Return")
	if l := traces.wait(t, "unlock-done", 0); !strings.Contains(l, "ok=true") {
		t.Fatalf("the window did not unlock: %s", l)
	}
	tStart := time.Now()

	// 乙: command-line processes on folder B, at the same time.
	var bChanges []change
	cliDone := make(chan struct{})
	go func() {
		defer close(cliDone)
		rnd := rand.New(rand.NewSource(2))
		nextAtt := 0
		for i := 0; i < n; i++ {
			if err := mergeCopies(cli, dirB); err != nil {
				fail(err)
				return
			}
			c := change{writer: labelB}
			var args []string
			stdin := ""
			k := rnd.Intn(shared) + 1
			number := fmt.Sprintf("京ICP备2021012345号-%d", k)
			switch op := rnd.Intn(10); {
			case op == 9 && nextAtt < len(atts):
				c.kind, c.id = "delete", atts[nextAtt].ID
				nextAtt++
				args = []string{"attach", "rm", c.id}
			case op < 4 || op == 9:
				c.kind, c.field, c.value = "new-site", "name", fmt.Sprintf("乙的网站%d", i)
				args = []string{"add", "site", "--name", c.value, "--entity", "北京示例科技有限公司"}
			case op < 6:
				c.kind, c.id, c.field, c.value = "edit", number, "licence", fmt.Sprintf("乙-许可-%d", i)
				f := filepath.Join(work, fmt.Sprintf("edit%d.csv", i))
				os.WriteFile(f, []byte("网站备案号,许可证号\n"+number+","+c.value+"\n"), 0o600)
				args = []string{"import", f}
			default:
				c.kind, c.id, c.field, c.value = "edit", number, "notes", fmt.Sprintf("乙的备注%d", i)
				f := filepath.Join(work, fmt.Sprintf("edit%d.csv", i))
				os.WriteFile(f, []byte("网站备案号,备注\n"+number+","+c.value+"\n"), 0o600)
				args = []string{"import", f}
			}
			r := cli.run(stdin, append(args, "--lock-timeout", "120s")...)
			if r.code != 0 {
				fail(fmt.Errorf("乙's change %d (%s): exit %d: %s", i, strings.Join(args, " "), r.code, r.stderr))
				return
			}
			c.at = time.Now()
			bChanges = append(bChanges, c)
		}
	}()

	// Both done: the window's driver and the command line.
	doneLine := waitAny(t, traces, "drive-done", "drive-failed")
	tA := time.Now()
	<-cliDone
	tB := time.Now()
	if strings.Contains(doneLine, "drive-failed") {
		t.Fatalf("the window's driver failed: %s", doneLine)
	}
	if err := firstErr(); err != nil {
		t.Fatal(err)
	}
	aChanges := parseDrive(t, traces.matching("drive-change"))
	reloads := len(traces.matching("vault-reloaded"))
	t.Logf("甲 (window) made %d changes in %.1f s, 乙 (command line) %d in %.1f s; the window merged %d saves in while open",
		len(aChanges), tA.Sub(tStart).Seconds(), len(bChanges), tB.Sub(tStart).Seconds(), reloads)

	// The window closes (as at the end of a working day), then the mirror
	// settles and 乙 merges the conflict copies it left.
	app.Process.Signal(syscall.SIGTERM)
	<-appDone
	for round := 0; ; round++ {
		if round == 50 {
			t.Fatalf("the two folders did not settle: %s", m.counts())
		}
		if _, err := m.pass(); err != nil {
			t.Fatal(err)
		}
		copies, _ := filepath.Glob(filepath.Join(dirB, "*.sync-conflict-*"))
		if len(copies) == 0 && m.same() {
			break
		}
		if err := mergeCopies(cli, dirB); err != nil {
			t.Fatal(err)
		}
	}
	close(stopMirror)
	if err := firstErr(); err != nil {
		t.Fatal(err)
	}
	t.Logf("mirror: %s", m.counts())

	// The count, on 乙's copy with the command line.
	if r := cli.run("", "verify"); r.code != 0 {
		t.Errorf("verify: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	var sites []struct {
		ID        string `json:"id"`
		Name      string `json:"name"`
		Number    string `json:"number"`
		PSBNumber string `json:"psb_number"`
		Licence   string `json:"licence"`
		Notes     string `json:"notes"`
	}
	cli.json(&sites, "list")
	for i := range sites {
		if sites[i].Number == "" {
			continue
		}
		var show struct {
			Detail struct {
				PSBNumber string `json:"psb_number"`
				Licence   string `json:"licence"`
				Notes     string `json:"notes"`
			} `json:"detail"`
		}
		cli.json(&show, "show", sites[i].Number)
		sites[i].PSBNumber, sites[i].Licence, sites[i].Notes = show.Detail.PSBNumber, show.Detail.Licence, show.Detail.Notes
	}
	var conflicts []vault.Conflict
	cli.json(&conflicts, "conflicts", "list")
	var left []struct {
		ID string `json:"id"`
	}
	cli.json(&left, "attach", "list", "--to", "site:shared1.example.cn")
	var audit []auditLine
	cli.json(&audit, "audit", "--limit", "1000000")

	byName := map[string]int{}
	byID := map[string]int{}
	for i, s := range sites {
		byName[s.Name]++
		byID[s.ID] = i
		if s.Number != "" {
			byID[s.Number] = i
		}
	}
	leftAtt := map[string]bool{}
	for _, a := range left {
		leftAtt[a.ID] = true
	}
	// held reports whether a conflict on record id's column holds value.
	held := func(id, column, value string) bool {
		rid := id
		if i, ok := byID[id]; ok {
			rid = sites[i].ID
		}
		for _, c := range conflicts {
			if c.RecordID == rid && c.Column == column && (c.Other == value || c.Kept == value) {
				return true
			}
		}
		return false
	}
	field := func(i int, column string) string {
		switch column {
		case "psb_number":
			return sites[i].PSBNumber
		case "licence":
			return sites[i].Licence
		}
		return sites[i].Notes
	}
	all := append(append([]change(nil), aChanges...), bChanges...)
	for i := range all {
		// 乙 names the shared sites by filing number, 甲 by id.
		if j, ok := byID[all[i].id]; ok && all[i].kind == "edit" {
			all[i].id = sites[j].ID
		}
	}
	type tally struct{ changes, present, superseded, supersededOther, conflict, lost int }
	counts := map[string]*tally{labelA: {}, labelB: {}}
	deletedSite := map[string]bool{}
	for _, c := range aChanges {
		if c.kind == "delete" {
			deletedSite[c.id] = true
		}
	}
	for idx, c := range all {
		tl := counts[c.writer]
		tl.changes++
		ok := false
		switch c.kind {
		case "new-site":
			gone := c.id != "" && deletedSite[c.id]
			ok = byName[c.value] == 1 && !gone || byName[c.value] == 0 && gone
			if !ok && byName[c.value] > 1 {
				t.Errorf("%s's new site %s is there %d times", c.writer, c.value, byName[c.value])
			}
		case "delete":
			if c.writer == labelA {
				_, there := byID[c.id]
				ok = !there
			} else {
				ok = !leftAtt[c.id]
			}
		case "edit":
			i, there := byID[c.id]
			if !there {
				t.Errorf("the shared site %s is gone", c.id)
				break
			}
			if field(i, c.field) == c.value {
				ok = true
				break
			}
			if held(c.id, c.field, c.value) {
				tl.conflict++
				continue
			}
			// A later change of the same field, by either writer, may
			// have replaced it.
			for j, d := range all {
				if j != idx && d.kind == "edit" && d.id == c.id && d.field == c.field && d.at.After(c.at) {
					if d.writer == c.writer {
						tl.superseded++
					} else {
						tl.supersededOther++
					}
					ok = true
					break
				}
			}
			if ok {
				continue
			}
		}
		if ok {
			tl.present++
		} else {
			tl.lost++
			t.Errorf("lost: %s's %s %s %s=%q", c.writer, c.kind, c.id, c.field, c.value)
		}
	}
	// The audit: a line per change, by the way in that made it.
	// (the lines written while setting up are taken off)
	lines := map[string]int{}
	for _, a := range audit {
		if !strings.HasPrefix(a.Action, "vault.") {
			lines[a.Actor]++
		}
	}
	for _, a := range auditStart {
		if !strings.HasPrefix(a.Action, "vault.") {
			lines[a.Actor]--
		}
	}
	for _, w := range []string{labelA, labelB} {
		tl := counts[w]
		t.Logf("%s: %d changes: %d present, %d replaced by their own later change of the field, %d by the other's later change, %d held as conflicts, %d lost; %d audit lines",
			w, tl.changes, tl.present, tl.superseded, tl.supersededOther, tl.conflict, tl.lost, lines[w])
		if tl.changes != n {
			t.Errorf("%s made %d changes, want %d", w, tl.changes, n)
		}
		if lines[w] < tl.changes {
			t.Errorf("%s: %d audit lines for %d changes", w, lines[w], tl.changes)
		}
	}
	caught := 0
	for _, a := range audit {
		if a.Action == "vault.merge" && strings.Contains(a.Summary, "arrived while saving") {
			caught++
		}
	}
	t.Logf("%d conflicts recorded; %d saves renamed in during a save were caught and merged; %.1f s in all", len(conflicts), caught, time.Since(t0).Seconds())
	if t.Failed() {
		for _, s := range sites {
			if s.Number != "" {
				t.Logf("site %s %s: psb=%q licence=%q notes=%q", s.Number, s.ID, s.PSBNumber, s.Licence, s.Notes)
			}
		}
		acts := map[string]int{}
		for _, a := range audit {
			acts[a.Actor+" "+a.Action]++
		}
		if keep := os.Getenv("GUI_WRITER_OUT"); keep != "" {
			exec.Command("cp", "-a", work, filepath.Join(keep, "gui-writer-failed")).Run()
		}
		t.Logf("audit: %v", acts)
		for _, c := range all {
			t.Logf("change %s %s %s %s=%q at %s", c.writer, c.kind, c.id, c.field, c.value, c.at.Format("15:04:05.000"))
		}
	}
}

type auditLine struct {
	Actor   string `json:"actor"`
	Action  string `json:"action"`
	Record  string `json:"record"`
	Summary string `json:"summary"`
}

// mergeCopies merges the mirror's conflict copies in dir, as 乙 does when
// verify lists them.
func mergeCopies(cli env, dir string) error {
	copies, err := filepath.Glob(filepath.Join(dir, "*.sync-conflict-*"))
	if err != nil {
		return err
	}
	for _, c := range copies {
		if strings.HasPrefix(filepath.Base(c), ".") {
			continue
		}
		if r := cli.run("", "merge", c, "--lock-timeout", "120s"); r.code != 0 {
			return fmt.Errorf("merge %s: exit %d: %s", filepath.Base(c), r.code, r.stderr)
		}
	}
	return nil
}

func xdo(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("xdotool", args...).Output()
	if err != nil {
		t.Fatalf("xdotool %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

// waitAny waits for the first of two trace events.
func waitAny(t *testing.T, l *traceLog, a, b string) string {
	t.Helper()
	re := regexp.MustCompile(`^trace [0-9]+ (` + regexp.QuoteMeta(a) + `|` + regexp.QuoteMeta(b) + `)( |$)`)
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		for _, s := range l.lines {
			if re.MatchString(s) {
				return s
			}
		}
		if l.ended {
			t.Fatalf("the window ended before %q", a)
		}
		l.cond.Wait()
	}
}

var driveLine = regexp.MustCompile(`^trace ([0-9]+) drive-change i=([0-9]+) kind=(\S+) id=(\S*) field=(\S*) value=(.*)$`)

// parseDrive reads the window driver's changes from its trace lines.
func parseDrive(t *testing.T, lines []string) []change {
	var out []change
	for _, l := range lines {
		m := driveLine.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("unreadable trace line %q", l)
		}
		ms, _ := strconv.ParseInt(m[1], 10, 64)
		out = append(out, change{writer: labelA, kind: m[3], id: m[4], field: m[5], value: m[6], at: time.UnixMilli(ms)})
	}
	return out
}
