package cli

import (
	"fmt"
	"os"
	"time"

	"beianledger/ledger"
	"beianledger/ledger/demo"
	"beianledger/vault"
)

// cmdDemo writes a populated sample vault with synthetic data, so a
// newcomer sees a realistic ledger at once and benchmarks have something
// to chew on.
func cmdDemo(c *ctx) error {
	if err := c.only("out", "sites", "argon2-time", "argon2-memory", "argon2-threads"); err != nil {
		return err
	}
	out := c.str("out")
	if out == "" {
		return usagef("demo needs --out PATH")
	}
	n := c.num("sites")
	if !c.set("sites") {
		n = 30
	}
	if n < 1 || n > 100000 {
		return usagef("--sites must be 1–100000")
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s already exists; not overwriting it", out)
	}
	kdf, err := c.kdf()
	if err != nil {
		return err
	}
	p, err := c.secret("BEIANLEDGER_PASSWORD", true, "演示保险库口令 / passphrase for the demo vault: ", true)
	if err != nil {
		return err
	}
	v, err := vault.Create(out, vault.NewPassphrase(p, kdf), "演示 demo", c.options(false))
	if err != nil {
		return err
	}
	c.opened = v
	start := time.Now()
	var sum demo.Summary
	err = v.Store().Write(func(w ledger.Writer) error {
		var err error
		sum, err = demo.Populate(w, n, 1, c.today())
		return err
	})
	if err != nil {
		v.Lock()
		c.opened = nil
		os.Remove(out)
		os.RemoveAll(vault.BackupDir(out))
		return err
	}
	fmt.Fprintf(c.out(), "wrote %s: %d sites, %d entities, %d credentials, %d contacts, %d providers, %d status checks (synthetic data) in %v\n",
		out, sum.Sites, sum.Entities, sum.Credentials, sum.Contacts, sum.Providers, sum.Checks, time.Since(start).Round(time.Millisecond))
	return nil
}
