package cli

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"beianledger/vault"
)

// Two writers on one vault file, as two people on a shared drive: real
// processes, interleaved at random — new sites, status checks on the same
// sites, rotations of the same accounts (different and the same fields),
// and deletions of attachments. Afterwards every change of both is there
// (none lost), verify passes and the audit has a line per change.
// BEIANLEDGER_RELIABILITY_N sets the changes per writer (default 200).
func TestTwoWritersLoseNothing(t *testing.T) {
	n := 200
	if s := os.Getenv("BEIANLEDGER_RELIABILITY_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	if testing.Short() {
		n = 20
	}
	dir := t.TempDir()
	vp := filepath.Join(dir, "共享台账.beianvault")
	env := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=共享口令", vault.KnownDirEnv + "=" + t.TempDir()}
	expect(t, runCLI(t, env, append([]string{"init", "--label", "管理员"}, cheap...)...), 0, "init")
	expect(t, runCLI(t, env, "add", "entity", "--name", "北京示例科技有限公司"), 0, "entity")
	for i := 1; i <= 3; i++ {
		expect(t, runCLI(t, env, "add", "site", "--number", fmt.Sprintf("京ICP备2021012345号-%d", i), "--name", fmt.Sprintf("共享网站%d", i),
			"--domains", fmt.Sprintf("shared%d.example.cn", i), "--entity", "北京示例科技有限公司"), 0, "site")
		r := runStdin(t, os.Args[0], nil, env, "old-secret\n", "add", "credential", "--site", fmt.Sprintf("shared%d.example.cn", i),
			"--system", "provider-console", "--login", fmt.Sprintf("admin%d", i), "--secret-stdin")
		expect(t, r, 0, "credential")
	}
	attach := filepath.Join(dir, "scan.txt")
	os.WriteFile(attach, []byte("营业执照扫描件"), 0o600)
	var attIDs []string
	for i := 0; i < 2*n/10+2; i++ {
		r := runCLI(t, env, "attach", "add", "--to", "site:shared1.example.cn", attach, "--json")
		expect(t, r, 0, "attach")
		var out []struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || len(out) != 1 {
			// Without --json support the id is listed afterwards.
			break
		}
		attIDs = append(attIDs, out[0].ID)
	}
	if len(attIDs) == 0 {
		r := runCLI(t, env, "attach", "list", "--to", "site:shared1.example.cn", "--json")
		var out []struct {
			ID string `json:"id"`
		}
		json.Unmarshal([]byte(r.stdout), &out)
		for _, a := range out {
			attIDs = append(attIDs, a.ID)
		}
	}
	auditBefore := auditCount(t, env)

	type result struct{ sites, checks, rotations, deletions int }
	results := make([]result, 2)
	var mu sync.Mutex
	nextAtt := 0
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			rnd := rand.New(rand.NewSource(int64(w + 1)))
			name := []string{"甲", "乙"}[w]
			for i := 0; i < n; i++ {
				var r result
				var args []string
				switch op := rnd.Intn(10); {
				case op < 4:
					args = []string{"add", "site", "--name", fmt.Sprintf("%s的网站%d", name, i), "--entity", "北京示例科技有限公司"}
					r.sites++
				case op < 7:
					args = []string{"check", fmt.Sprintf("shared%d.example.cn", rnd.Intn(3)+1), "--result", "normal", "--note", fmt.Sprintf("%s第%d次核查", name, i)}
					r.checks++
				case op < 9:
					args = []string{"rotate", fmt.Sprintf("admin%d", rnd.Intn(3)+1), "--generate"}
					r.rotations++
				default:
					mu.Lock()
					if nextAtt >= len(attIDs) {
						mu.Unlock()
						args = []string{"check", "shared1.example.cn", "--result", "normal"}
						r.checks++
						break
					}
					id := attIDs[nextAtt]
					nextAtt++
					mu.Unlock()
					args = []string{"attach", "rm", id}
					r.deletions++
				}
				res := runCLI(t, append(env, "BEIANLEDGER_LOCK_TIMEOUT=60s"), append(args, "--lock-timeout", "120s")...)
				if res.code != 0 {
					t.Errorf("writer %s change %d %v: exit %d: %s", name, i, args, res.code, res.stderr)
					return
				}
				results[w].sites += r.sites
				results[w].checks += r.checks
				results[w].rotations += r.rotations
				results[w].deletions += r.deletions
			}
		}(w)
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	total := results[0].sites + results[1].sites
	r := runCLI(t, env, "list", "--json")
	expect(t, r, 0, "list")
	if got := strings.Count(r.stdout, "的网站"); got != total {
		t.Errorf("%d of %d new sites present: %d lost", got, total, total-got)
	}
	checks := 0
	for i := 1; i <= 3; i++ {
		r := runCLI(t, env, "show", fmt.Sprintf("shared%d.example.cn", i), "--json")
		checks += strings.Count(r.stdout, "第") // one note per check of either writer
	}
	wantChecks := 0
	for _, x := range results {
		wantChecks += x.checks
	}
	// Checks without a note (the fallback) carry no 第; count those by audit.
	auditAfter := auditCount(t, env)
	changes := 0
	for _, x := range results {
		changes += x.sites + x.checks + x.rotations + x.deletions
	}
	if auditAfter-auditBefore < changes {
		t.Errorf("audit has %d new lines for %d changes", auditAfter-auditBefore, changes)
	}
	dels := results[0].deletions + results[1].deletions
	r = runCLI(t, env, "attach", "list", "--to", "site:shared1.example.cn", "--json")
	var left []json.RawMessage
	json.Unmarshal([]byte(r.stdout), &left)
	if len(left) != len(attIDs)-dels {
		t.Errorf("%d attachments left, want %d (%d deleted)", len(left), len(attIDs)-dels, dels)
	}
	expect(t, runCLI(t, env, "verify"), 0, "verify")
	t.Logf("writers: %+v; %d checks with notes found of %d checks", results, checks, wantChecks)
}

func auditCount(t *testing.T, env []string) int {
	t.Helper()
	r := runCLI(t, env, "audit", "--json")
	expect(t, r, 0, "audit")
	var lines []json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &lines); err != nil {
		t.Fatalf("audit --json: %v", err)
	}
	return len(lines)
}
