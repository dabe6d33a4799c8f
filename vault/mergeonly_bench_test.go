package vault

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"beianledger/ledger"
	"beianledger/ledger/demo"
)

// BenchmarkMergeOnly is the merge of BenchmarkMergeSave without opening the
// copies: two 10,000-site copies that differ in 500 records, 100 of them
// changed on both sides, are open (ours, theirs and the common version),
// and the timed step is the field-by-field merge into ours.
func BenchmarkMergeOnly(b *testing.B) {
	const n = 10000
	dir := b.TempDir()
	path := filepath.Join(dir, "shared.beianvault")
	opts := Options{KeepBackups: 1000, KnownDir: "-"}
	v, err := Create(path, pass("bench"), "王五", opts)
	if err != nil {
		b.Fatal(err)
	}
	today := ledger.MustDate("2026-12-01")
	if err := v.Store().Write(func(w ledger.Writer) error { _, err := demo.Populate(w, n, 1, today); return err }); err != nil {
		b.Fatal(err)
	}
	v.Lock()
	base, _ := os.ReadFile(path)
	edit := func(p string, from, to int, f func(s *ledger.Site, i int)) {
		v, err := Open(p, pass("bench"), opts)
		if err != nil {
			b.Fatal(err)
		}
		defer v.Lock()
		err = v.Store().Write(func(w ledger.Writer) error {
			sites, err := w.Sites()
			if err != nil {
				return err
			}
			for i := from; i < to; i++ {
				s := sites[i].Site
				f(&s, i)
				if err := w.PutSite(&s); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	theirsPath := filepath.Join(b.TempDir(), "shared.beianvault")
	os.WriteFile(theirsPath, base, 0o600)
	edit(theirsPath, 0, 500, func(s *ledger.Site, i int) { s.Notes = fmt.Sprintf("张三 %d", i) })
	edit(path, 0, 100, func(s *ledger.Site, i int) {
		if i < 50 {
			s.Notes = fmt.Sprintf("王五 %d", i)
		} else {
			s.Name += "（王五）"
		}
	})
	ours, err := Open(path, pass("bench"), opts)
	if err != nil {
		b.Fatal(err)
	}
	defer ours.Lock()
	oursFile, _ := os.ReadFile(path)
	theirsFile, _ := os.ReadFile(theirsPath)
	theirs, err := ours.openOther(theirsFile)
	if err != nil {
		b.Fatal(err)
	}
	defer theirs.close()
	baseCopy, err := ours.openOther(base)
	if err != nil {
		b.Fatal(err)
	}
	defer baseCopy.close()
	fk, err := ours.fieldKeyCopy()
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []string{"attached", "by-digest"} {
		b.Run(mode, func(b *testing.B) {
			mergeByDigest = mode == "by-digest"
			defer func() { mergeByDigest = false }()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				o, err := ours.openOther(append([]byte(nil), oursFile...))
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				rep, err := mergeInto(mergeSrc{db: o.db, fk: fk, uid: ours.hdr.UUID},
					mergeSrc{db: baseCopy.db, fk: baseCopy.fk, uid: ours.hdr.UUID},
					mergeSrc{db: theirs.db, fk: theirs.fk, uid: ours.hdr.UUID}, true, ours.opts.now(), "王五", "张三")
				b.StopTimer()
				if err != nil || rep.Records != 450 || rep.Conflicts != 50 {
					b.Fatalf("merge: %+v, %v", rep, err)
				}
				o.close()
				b.StartTimer()
			}
		})
	}
}
