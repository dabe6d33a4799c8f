// Beian Ledger (备案台账) keeps a company's ICP filings, the accounts and
// passwords around them, and the responsible and backup contacts in one
// encrypted vault file.
//
// Run with no arguments (or `gui`) it is the desktop app; with a subcommand
// it is the command-line interface, which never starts a GUI driver. A vault
// file as the only argument (a double-click on a .beianvault file, a file
// dropped on the program) opens the desktop app at that vault.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
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
	if vaultPath, ok := vaultArg(args); ok {
		return runGUI(vaultPath)
	}
	if len(args) == 0 || args[0] == "gui" {
		var vaultPath string
		if len(args) > 0 {
			attachConsole() // for the flag errors
			fs := flag.NewFlagSet("beianledger gui", flag.ContinueOnError)
			fs.StringVar(&vaultPath, "vault", os.Getenv("BEIANLEDGER_VAULT"), "vault file to open")
			if err := fs.Parse(args[1:]); err != nil {
				return cli.ExitUsage
			}
		} else {
			vaultPath = os.Getenv("BEIANLEDGER_VAULT")
		}
		return runGUI(vaultPath)
	}
	// The Windows build is a GUI program (no console window of its own
	// when started from Explorer): a command borrows the console it was
	// typed in, so `beianledger.exe list` prints there.
	attachConsole()
	return cli.Main(args, cli.Stdio())
}

func runGUI(vaultPath string) int {
	usePortableFolder()
	if err := gui.Run(gui.Options{VaultPath: vaultPath, Lang: i18n.Detect()}); err != nil {
		fmt.Fprintln(os.Stderr, "beianledger:", err)
		return cli.ExitError
	}
	return cli.ExitOK
}

// vaultArg reports whether args is a vault file to open in the GUI: what
// Explorer, a file manager's "open with" (the .desktop file's %f) or a drop
// on the program passes. Command names win over files of the same name, and
// a word that is neither a command nor an existing file (a typo) stays an
// unknown command.
func vaultArg(args []string) (string, bool) {
	if len(args) != 1 || args[0] == "" || strings.HasPrefix(args[0], "-") || cli.IsCommand(args[0]) || args[0] == "gui" {
		return "", false
	}
	if strings.HasSuffix(strings.ToLower(args[0]), ".beianvault") {
		return args[0], true
	}
	if fi, err := os.Stat(args[0]); err == nil && fi.Mode().IsRegular() {
		return args[0], true
	}
	return "", false
}
