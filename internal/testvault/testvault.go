// Package testvault makes throwaway vaults for tests and benchmarks: in
// the test's temporary folder, with the test-cost KDF and no backups,
// locked when the test ends.
package testvault

import (
	"path/filepath"
	"testing"

	"beianledger/ledger"
	"beianledger/ledger/demo"
	"beianledger/vault"
)

// Store creates an empty vault and returns its store.
func Store(tb testing.TB) ledger.Store {
	tb.Helper()
	v, err := vault.Create(filepath.Join(tb.TempDir(), "t.beianvault"), vault.NewPassphrase([]byte("x"), vault.TestKDF), "t", vault.Options{KeepBackups: -1})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(v.Lock)
	return v.Store()
}

// Demo creates a vault holding the demo ledger of n sites (seed) dated
// today and returns its store.
func Demo(tb testing.TB, n int, seed int64, today ledger.Date) ledger.Store {
	tb.Helper()
	st := Store(tb)
	if err := st.Write(func(w ledger.Writer) error { _, err := demo.Populate(w, n, seed, today); return err }); err != nil {
		tb.Fatal(err)
	}
	return st
}
