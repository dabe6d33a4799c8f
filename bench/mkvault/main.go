// Command mkvault writes a vault holding n sites' worth of synthetic rows
// (about 2 KB each) with the cheap test KDF, for the bench script.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"

	"beianledger/vault"
)

func main() {
	out := flag.String("out", "", "vault to create")
	n := flag.Int("sites", 1000, "sites' worth of rows")
	flag.Parse()
	v, err := vault.Create(*out, vault.NewPassphrase([]byte(os.Getenv("BEIANLEDGER_PASSWORD")), vault.TestKDF), "bench", vault.Options{KeepBackups: -1})
	if err == nil {
		err = v.Tx(context.Background(), func(tx *sql.Tx) error { return vault.FillSynthetic(tx, *n) })
		v.Lock()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkvault:", err)
		os.Exit(1)
	}
}
