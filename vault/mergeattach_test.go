package vault

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"beianledger/ledger"
	"beianledger/ledger/demo"
)

// The merge finds the records that differ with joins over the attached
// copies; without them (a driver whose connection cannot be reached) it
// compares digests of every row. Both must give the same merged vault: A
// and B make random edits to one vault of 40 demo sites and save, and A's
// vault merges B's save once each way, from identical files.
func TestMergeInOneConnectionMatchesTheComparisonByDigest(t *testing.T) {
	for seed := int64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			dirA, bFile, now := mergeScenario(t, seed)
			attached, repA := mergeOnce(t, dirA, bFile, now, false)
			digest, repD := mergeOnce(t, dirA, bFile, now, true)
			if repA.Records == 0 || repA.Conflicts == 0 || repA.Lines == 0 || repA.TwoWay {
				t.Fatalf("the scenario merged too little to compare: %+v", repA)
			}
			if repA != repD {
				t.Errorf("merge reports differ:\nattached %+v\ndigest   %+v", repA, repD)
			}
			if attached != digest {
				t.Errorf("merged vaults differ:\n%s", lineDiff(attached, digest))
			}
		})
	}
}

// mergeScenario: A and B open one vault of 40 demo sites, each makes random
// edits (names, notes, deletions, new sites) in two saves; it returns A's
// folder (with its backups), B's save and the clock.
func mergeScenario(t *testing.T, seed int64) (string, string, func() time.Time) {
	today := ledger.MustDate("2026-12-01")
	p := newTwoPCs(t, func(w ledger.Writer) error { _, err := demo.Populate(w, 40, 7, today); return err })
	edits := func(v *Vault, who string, rng *rand.Rand) {
		write(t, v, func(w ledger.Writer) error {
			sites, err := w.Sites()
			if err != nil {
				return err
			}
			gone := map[string]bool{}
			for i := 0; i < 25; i++ {
				s := sites[rng.Intn(len(sites))].Site
				op := rng.Intn(5)
				if gone[s.ID] {
					continue
				}
				if cur, err := w.Site(s.ID); err == nil {
					s = cur.Site
				}
				switch op {
				case 0, 1:
					s.Notes = fmt.Sprintf("%s 备注 %d", who, rng.Intn(4))
				case 2:
					s.Name = fmt.Sprintf("%s（%s改）", strings.SplitN(s.Name, "（", 2)[0], who)
				case 3:
					if err := w.Delete("site", s.ID); err != nil {
						return err
					}
					gone[s.ID] = true
					continue
				case 4:
					n := ledger.Site{Meta: ledger.Meta{ID: fmt.Sprintf("%s-new-%d", who, i)}, Name: who + " 新站点", EntityID: s.EntityID, Number: fmt.Sprintf("京ICP备2026%06d号-%d", rng.Intn(1e6), i+1)}
					if err := w.PutSite(&n); err != nil {
						return err
					}
					continue
				}
				if err := w.PutSite(&s); err != nil {
					return err
				}
			}
			return nil
		})
	}
	rb, ra := rand.New(rand.NewSource(seed)), rand.New(rand.NewSource(seed+100))
	edits(p.b, "B", rb)
	edits(p.a, "A", ra)
	edits(p.b, "B2", rb)
	edits(p.a, "A2", ra)
	p.a.Lock()
	p.b.Lock()
	return filepath.Dir(p.path), p.other, p.now
}

// mergeOnce copies A's folder and merges B's save into it, comparing
// copies as byDigest says; it returns what the merged vault holds.
func mergeOnce(t *testing.T, dirA, bFile string, now func() time.Time, byDigest bool) (string, MergeReport) {
	mergeByDigest = byDigest
	defer func() { mergeByDigest = false }()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(dirA)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "台账.beianvault")
	other := filepath.Join(dir, "from-b.beianvault")
	data, err := os.ReadFile(bFile)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(other, data, 0o600)
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	v, err := Open(path, pass("correct horse"), Options{KnownDir: "-", Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	rep, err := v.MergeFile(other)
	if err != nil {
		t.Fatal(err)
	}
	return vaultText(t, v), rep
}

// vaultText lists what a vault holds that a merge decides: every record's
// fields (sites with their search text, deleted ones too), the conflicts
// without their random ids and the audit lines.
func vaultText(t *testing.T, v *Vault) string {
	t.Helper()
	var lines []string
	add := func(q string) {
		rows, err := v.db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%q", vals))
		}
	}
	add(`SELECT id, name, number, notes, deleted, updated_at, updated_by, search_text FROM site`)
	add(`SELECT id, name, deleted, updated_at FROM entity`)
	add(`SELECT tbl, record_id, col, kept, kept_by, kept_at, other, other_by, other_at FROM conflict WHERE sealed = 0`)
	add(`SELECT at, actor, action, record, summary FROM audit WHERE action != 'vault.merge'`)
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func lineDiff(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	ia, ib := in(a), in(b)
	var out []string
	for l := range ia {
		if !ib[l] {
			out = append(out, "- "+l)
		}
	}
	for l := range ib {
		if !ia[l] {
			out = append(out, "+ "+l)
		}
	}
	sort.Strings(out)
	if len(out) > 20 {
		out = append(out[:20], fmt.Sprintf("… %d more", len(out)-20))
	}
	return strings.Join(out, "\n")
}
