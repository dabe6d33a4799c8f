package vault

import (
	"os"
	"path/filepath"
	"testing"

	"beianledger/internal/davtest"
)

// BenchmarkWebDAV compares opening and saving a vault of 1,000 sites'
// worth of data on a WebDAV share (x/net/webdav on loopback) with the
// same vault in a local file. The share's cost is the transfer and the
// copy kept in the cache; the target is within 1.5× of the local file.
// open/webdav finds the vault unchanged since the copy here (304);
// open-download/webdav fetches the whole file, as after someone's save.
func BenchmarkWebDAV(b *testing.B) {
	const sites = 1000
	s := davtest.New(b)
	b.Setenv(WebDAVUserEnv, s.User)
	b.Setenv(WebDAVPasswordEnv, s.Pass)
	key := func() Key { return NewPassphrase([]byte("bench"), TestKDF) }
	for _, where := range []string{"local", "webdav"} {
		loc := filepath.Join(b.TempDir(), "bench.beianvault")
		if where == "webdav" {
			loc = s.URL("bench.beianvault")
		}
		opts := Options{KeepBackups: 3, KnownDir: "-", CacheDir: b.TempDir()}
		v, err := Create(loc, key(), "bench", opts)
		if err != nil {
			b.Fatal(err)
		}
		fillSynthetic(b, v, sites)
		b.Run("open/"+where, func(b *testing.B) {
			ro := opts
			ro.ReadOnly = true
			for b.Loop() {
				w, err := Open(loc, key(), ro)
				if err != nil {
					b.Fatal(err)
				}
				w.Lock()
			}
		})
		if where == "webdav" {
			// A vault changed elsewhere: the whole file comes down.
			cache, _ := opts.cacheFile(loc)
			b.Run("open-download/webdav", func(b *testing.B) {
				ro := opts
				ro.ReadOnly = true
				for b.Loop() {
					os.Remove(etagFile(cache))
					w, err := Open(loc, key(), ro)
					if err != nil {
						b.Fatal(err)
					}
					w.Lock()
				}
			})
		}
		b.Run("save/"+where, func(b *testing.B) {
			for b.Loop() {
				if err := v.Save(); err != nil {
					b.Fatal(err)
				}
			}
		})
		v.Lock()
	}
}
