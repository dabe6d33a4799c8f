package vault_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"beianledger/ledger"
	"beianledger/ledger/demo"
	"beianledger/vault"
)

// BenchmarkMergeSave: two people share a demo vault of n sites. B changed
// 500 sites (one save), A changed 100 of the same sites (half the same
// field, half another) and saved; B's save arrives in A's folder. The
// timed step is A's next save, which opens B's save, finds the common
// version among the backups, merges field by field and writes. "plain" is
// the same session's save with nothing to merge.
func BenchmarkMergeSave(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("sites=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			path := filepath.Join(dir, "shared.beianvault")
			pw := func() vault.Key { return vault.NewPassphrase([]byte("bench"), vault.TestKDF) }
			opts := vault.Options{KeepBackups: 1000, KnownDir: "-"}
			v, err := vault.Create(path, pw(), "王五", opts)
			if err != nil {
				b.Fatal(err)
			}
			id := vault.GenerateIdentity()
			if _, err := v.AddRecipient(id.Recipient(), "张三"); err != nil {
				b.Fatal(err)
			}
			today := ledger.MustDate("2026-12-01")
			if err := v.Store().Write(func(w ledger.Writer) error { _, err := demo.Populate(w, n, 1, today); return err }); err != nil {
				b.Fatal(err)
			}
			v.Lock()
			copyFile(b, path, path+".orig")
			// B edits a copy elsewhere: 500 sites, one save.
			other := filepath.Join(b.TempDir(), "shared.beianvault")
			copyFile(b, path, other)
			vb, err := vault.Open(other, id, opts)
			if err != nil {
				b.Fatal(err)
			}
			edit(b, vb, 0, 500, func(s *ledger.Site, i int) { s.Notes = fmt.Sprintf("张三 %d", i) })
			vb.Lock()
			// A edits 100 of them: 50 the same field, 50 another.
			va, err := vault.Open(path, pw(), opts)
			if err != nil {
				b.Fatal(err)
			}
			edit(b, va, 0, 100, func(s *ledger.Site, i int) {
				if i < 50 {
					s.Notes = fmt.Sprintf("王五 %d", i)
				} else {
					s.Name += "（王五）"
				}
			})
			va.Lock()
			aFile, _ := os.ReadFile(path)
			bFile, _ := os.ReadFile(other)
			b.Run("plain", func(b *testing.B) {
				va, err := vault.Open(path, pw(), opts)
				if err != nil {
					b.Fatal(err)
				}
				defer va.Lock()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if err := va.Save(); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("merge", func(b *testing.B) {
				var conflicts int
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					os.WriteFile(path, aFile, 0o600)
					va, err := vault.Open(path, pw(), opts)
					if err != nil {
						b.Fatal(err)
					}
					os.WriteFile(path+".in", bFile, 0o600)
					os.Rename(path+".in", path)
					b.StartTimer()
					if err := va.Save(); err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					m := va.LastMerge()
					if m == nil || m.TwoWay || m.Records != 500-50 {
						b.Fatalf("merge: %+v", m)
					}
					conflicts = m.Conflicts
					va.Lock()
				}
				b.ReportMetric(float64(conflicts), "conflicts")
			})
			// The common case of a shared file: A opened the version B's
			// save came from, and A's next change has to merge B's save
			// (against the version A opened, kept in memory). Timed: A's
			// change of 100 sites and its save, with B's save on disk
			// ("edit-merge") and without ("edit-plain").
			origFile, _ := os.ReadFile(path + ".orig")
			for _, mode := range []string{"edit-plain", "edit-merge"} {
				b.Run(mode, func(b *testing.B) {
					for i := 0; i < b.N; i++ {
						b.StopTimer()
						os.WriteFile(path, origFile, 0o600)
						va, err := vault.Open(path, pw(), opts)
						if err != nil {
							b.Fatal(err)
						}
						if mode == "edit-merge" {
							os.WriteFile(path+".in", bFile, 0o600)
							os.Rename(path+".in", path)
						}
						b.StartTimer()
						edit(b, va, 0, 100, func(s *ledger.Site, i int) {
							if i < 50 {
								s.Notes = fmt.Sprintf("王五 %d", i)
							} else {
								s.Name += "（王五）"
							}
						})
						b.StopTimer()
						if m := va.LastMerge(); (mode == "edit-merge") != (m != nil) || m != nil && (m.TwoWay || m.Records != 450) {
							b.Fatalf("merge: %+v", m)
						}
						va.Lock()
					}
				})
			}
		})
	}
}

func copyFile(tb testing.TB, from, to string) {
	data, err := os.ReadFile(from)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		tb.Fatal(err)
	}
}

// edit changes sites [from, to) of the list, in one save.
func edit(tb testing.TB, v *vault.Vault, from, to int, f func(s *ledger.Site, i int)) {
	err := v.Store().Write(func(w ledger.Writer) error {
		sites, err := w.Sites()
		if err != nil {
			return err
		}
		for i := from; i < to && i < len(sites); i++ {
			s := sites[i].Site
			f(&s, i)
			if err := w.PutSite(&s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}
