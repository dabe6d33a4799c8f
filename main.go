// Beian Ledger (备案台账) keeps a company's ICP filings, the accounts and
// passwords around them, and the responsible and backup contacts in one
// encrypted vault file.
//
// Run with no arguments (or `gui`) it is the desktop app; with a subcommand
// it is the command-line interface, which never starts a GUI driver.
package main

import (
	"flag"
	"fmt"
	"os"
	"syscall"

	"github.com/awnumar/memguard"

	"beianledger/app/cli"
	"beianledger/app/gui"
	"beianledger/app/i18n"
	"beianledger/internal/safefile"
)

func main() {
	// Before any key exists: with too little lockable memory memguard
	// would hang silently.
	if msg := memlockProblem(); msg != "" {
		fmt.Fprint(os.Stderr, msg)
		os.Exit(cli.ExitError)
	}
	catchSignals(gui.ClearClipboard)
	code := run(os.Args[1:])
	memguard.Purge()
	os.Exit(code)
}

// catchSignals makes Ctrl+C, SIGTERM (a logout, a shutdown, kill) and
// SIGHUP (a closed terminal) end the process cleanly: clear runs first
// (the GUI takes a secret it copied off the clipboard, an export's
// temporary file is removed), then memguard
// wipes every locked buffer and exits with status 1. Every normal exit
// purges too (main). A crash or SIGKILL runs neither: see
// docs/threat-model.md.
func catchSignals(clear func()) {
	memguard.CatchSignal(func(os.Signal) {
		clear()
		safefile.RemoveTemps() // a half-written export must not stay behind
	}, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
}

func run(args []string) int {
	if len(args) == 0 || args[0] == "gui" {
		var vaultPath string
		if len(args) > 0 {
			fs := flag.NewFlagSet("beianledger gui", flag.ContinueOnError)
			fs.StringVar(&vaultPath, "vault", os.Getenv("BEIANLEDGER_VAULT"), "vault file to open")
			if err := fs.Parse(args[1:]); err != nil {
				return cli.ExitUsage
			}
		} else {
			vaultPath = os.Getenv("BEIANLEDGER_VAULT")
		}
		if err := gui.Run(gui.Options{VaultPath: vaultPath, Lang: i18n.Detect()}); err != nil {
			fmt.Fprintln(os.Stderr, "beianledger:", err)
			return cli.ExitError
		}
		return cli.ExitOK
	}
	return cli.Main(args, cli.Stdio())
}
