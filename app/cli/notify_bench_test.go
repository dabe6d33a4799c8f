package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"beianledger/internal/testvault"
	"beianledger/ledger"
	"beianledger/ledger/notify"
)

// BenchmarkNotify measures `notify` beyond opening the vault, on demo
// vaults of 1,000 and 10,000 sites with a 钉钉, a 企业微信 and a 飞书 robot
// on loopback: load and evaluate the reminders, pick what is new, pack
// each channel's digest to its size limit and post it. Every iteration
// is a first run (the state file removed): everything is new.
func BenchmarkNotify(b *testing.B) {
	today := ledger.MustDate("2027-03-31")
	var posts int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		posts++
		io.Copy(io.Discard, r.Body)
		fmt.Fprint(w, `{"errcode":0,"errmsg":"ok","code":0,"msg":"success"}`)
	}))
	defer srv.Close()
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("sites=%d", n), func(b *testing.B) {
			st := testvault.Demo(b, n, 1, ledger.MustDate("2026-11-24"))
			hooks := map[string]notify.Secret{
				notify.KindDingTalk: {URL: srv.URL + "/robot/send?access_token=t", Sign: "SEC1"},
				notify.KindWeCom:    {URL: srv.URL + "/cgi-bin/webhook/send?key=k"},
				notify.KindFeishu:   {URL: srv.URL + "/open-apis/bot/v2/hook/h", Sign: "s"},
			}
			err := st.Write(func(w ledger.Writer) error {
				for kind, sec := range hooks {
					cfg := notify.Config{Kind: kind, Label: kind}
					if err := notify.Validate(&cfg, sec); err != nil {
						return err
					}
					cj, _ := json.Marshal(cfg)
					sb, _ := notify.MarshalSecret(sec)
					if err := w.(ledger.ChannelWriter).PutChannel(&ledger.Channel{Config: string(cj)}, sb); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			dir := b.TempDir()
			env := Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" },
				Now: func() time.Time { return today.Time().Add(10 * time.Hour) }}
			posts = 0
			cpu0 := cpuTime()
			b.ResetTimer()
			for b.Loop() {
				os.Remove(notify.StatePath(dir, "bench"))
				c := newCtx("notify", env)
				c.json = true
				if err := c.notify(st, "bench", dir, today); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			// On a shared machine the wall time includes waiting for a CPU;
			// the process's CPU time per run says what notify costs.
			b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(posts)/float64(b.N), "posts/op")
			// A second run the same day sends nothing.
			before := posts
			c := newCtx("notify", env)
			if err := c.notify(st, "bench", dir, today); err != nil || posts != before {
				b.Fatalf("second run posted %d (%v)", posts-before, err)
			}
			fi, _ := os.Stat(filepath.Join(dir, "notify-bench.json"))
			b.ReportMetric(float64(fi.Size())/1e3, "state-kB")
		})
	}
}
