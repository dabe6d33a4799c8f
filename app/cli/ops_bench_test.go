package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkOps runs each command bench/vs-keepassxc times as a whole process
// in process instead (Main with its arguments: open with the test-cost KDF,
// read, write the output), on demo vaults of 100, 1,000 and 10,000 sites.
// It is the path to profile (-cpuprofile, -memprofile); process start-up
// is not in it. Select one with -bench 'Ops/sites=10000/list'.
func BenchmarkOps(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("sites=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			path := filepath.Join(dir, "bench.beianvault")
			env := benchEnv(path, io.Discard)
			if code := Main(append([]string{"demo", "--out", path, "--sites", fmt.Sprint(n)}, cheap...), env); code != 0 {
				b.Fatalf("demo: exit %d", code)
			}
			var list bytes.Buffer
			if code := Main([]string{"list", "--json"}, benchEnv(path, &list)); code != 0 {
				b.Fatalf("list: exit %d", code)
			}
			var sites []struct {
				Number  string   `json:"number"`
				Domains []string `json:"domains"`
			}
			if err := json.Unmarshal(list.Bytes(), &sites); err != nil || len(sites) != n {
				b.Fatalf("list: %d sites, %v", len(sites), err)
			}
			pick := sites[n/2]
			out := filepath.Join(dir, "export")
			k := 0
			for _, op := range []struct {
				name string
				args func() []string
			}{
				{"open", func() []string { return []string{"verify"} }},
				{"list", func() []string { return []string{"list", "--json"} }},
				{"search", func() []string { return []string{"search", pick.Domains[0]} }},
				{"show", func() []string { return []string{"show", pick.Number, "--reveal"} }},
				{"add", func() []string {
					k++
					return []string{"add", "site", "--name", fmt.Sprintf("bench-%d", k), "--domains", fmt.Sprintf("b%d.example.cn", k)}
				}},
				{"check", func() []string { return []string{"check", pick.Number, "--result", "normal"} }},
				{"export-csv", func() []string {
					return []string{"export", "--format", "csv", "--out", out + ".csv", "--include-secrets"}
				}},
				{"export-xlsx", func() []string {
					return []string{"export", "--format", "xlsx", "--out", out + ".xlsx", "--include-secrets"}
				}},
				{"export-json", func() []string {
					return []string{"export", "--format", "json", "--out", out + ".json", "--include-secrets"}
				}},
				{"due", func() []string { return []string{"due", "--json"} }},
			} {
				b.Run(op.name, func(b *testing.B) {
					b.ReportAllocs()
					cpu0, n := cpuTime(), 0
					for b.Loop() {
						if code := Main(op.args(), env); code != 0 {
							b.Fatalf("%s: exit %d", op.name, code)
						}
						n++
					}
					// On a shared machine the CPU time is the steadier figure.
					b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(n), "cpu-ms/op")
				})
			}
		})
	}
}

func benchEnv(path string, stdout io.Writer) Env {
	vars := map[string]string{"BEIANLEDGER_PASSWORD": "bench", "BEIANLEDGER_VAULT": path}
	return Env{Stdin: bytes.NewReader(nil), Stdout: stdout, Stderr: io.Discard,
		Getenv: func(k string) string { return vars[k] }, Now: time.Now}
}
