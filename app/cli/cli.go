// Package cli is the command-line front end: the same binary as the GUI,
// run with a subcommand. It never initialises a GUI driver, so it runs on a
// server with no display (cron, Task Scheduler, CI).
//
// # Contract
//
// docs/cli.md (from the design notes) fixes the commands, flags, the
// environment variables BEIANLEDGER_VAULT, BEIANLEDGER_PASSWORD and
// BEIANLEDGER_NEW_PASSWORD, and the exit codes: 0 ok, 1 other error,
// 2 usage, 3 cannot unlock, 4 damaged or not a vault, 5 conflict or locked.
package cli

import (
	"beianledger/internal/schedule"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"beianledger/app/i18n"
	"beianledger/internal/buildinfo"
	"beianledger/internal/probe"
	"beianledger/ledger"
	"beianledger/vault"
)

// Exit codes of the command-line contract.
const (
	ExitOK       = 0
	ExitError    = 1
	ExitUsage    = 2
	ExitUnlock   = 3
	ExitDamaged  = 4
	ExitConflict = 5
)

// Version is this build's version (see internal/buildinfo: the release's
// git tag, set by the linker, or the commit a development build came from).
var Version = buildinfo.Version()

// Env is what a command run sees of the world. Tests fill it; Main fills it
// from the process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// IsTerminal reports whether standard input is an interactive terminal.
	IsTerminal func() bool
	// ReadPassword reads a line without echo from the terminal.
	ReadPassword func(prompt string) ([]byte, error)
	// Now is the clock.
	Now func() time.Time

	// probe tunes `probe` (tests: trusted roots, a loopback dialer); the
	// zero value uses the system's roots and network.
	probe probe.Options
	// goos is the system to schedule for (tests); "" is this one.
	goos string
	// keyring is where the scheduler key goes (tests); nil is the OS's.
	keyring schedule.Keyring
	// exits: the process ends when Main returns (Stdio), so the vault is
	// closed with LockAtExit.
	exits bool
}

type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// errNoSecret: no passphrase source and no terminal to ask on.
var errNoSecret = errors.New("no passphrase given and no terminal to ask for one (set BEIANLEDGER_PASSWORD or use --password-file)")

type command struct {
	name    string
	summary string
	run     func(c *ctx) error
	// sub lists subcommands (access, backups).
	sub []*command
}

func commands() []*command {
	return []*command{
		{name: "version", summary: "print the version", run: cmdVersion},
		{name: "init", summary: "create a new vault", run: cmdInit},
		{name: "verify", summary: "check the whole vault; exit 0 or 4", run: cmdVerify},
		{name: "demo", summary: "write a populated sample vault with synthetic data (--out PATH --sites N)", run: cmdDemo},
		{name: "validate", summary: "say what each value is (ICP/公安/licence number, USCC, ID, mobile) and whether it is valid", run: cmdValidate},
		{name: "list", summary: "list sites with entity, provider and last status check", run: cmdList},
		{name: "show", summary: "show one site (filing number or domain) with its accounts, contacts and checks", run: cmdShow},
		{name: "search", summary: "find sites by name, number, domain, contact, provider or notes", run: cmdSearch},
		{name: "add", summary: "add an entity, site, credential, contact or provider", run: cmdAdd},
		{name: "check", summary: "log a status check of a site (--result normal|problem)", run: cmdCheck},
		{name: "rotate", summary: "record a credential rotation (new secret from stdin or --generate)", run: cmdRotate},
		{name: "import", summary: "import a 台账 spreadsheet (.xlsx/.csv) or a password-manager CSV (--format, --dry-run)", run: cmdImport},
		{name: "export", summary: "export the ledger (--format csv|xlsx|json --out FILE, or --out - for standard output [--include-secrets])", run: cmdExport},
		{name: "due", summary: "due and overdue reminders (--at DATE --within DAYS --json); exit 0 either way", run: cmdDue},
		{name: "ics", summary: "write the reminders as an iCalendar file (--out FILE --from DATE --months N)", run: cmdICS},
		{name: "remind", summary: "mark a reminder done or snooze it: remind done KEY | remind snooze KEY --until DATE", run: cmdRemind},
		{name: "notify", summary: "send due reminders to the notification channels, each item once per state (--dry-run, --test LABEL, --json, --at DATE; --install-schedule)", run: cmdNotify},
		{name: "probe", summary: "read each site's HTTPS certificate (port 443) and record its expiry for the SSL reminders (--site S, --dry-run, --json)", run: cmdProbe},
		{name: "channel", summary: "notification channels: e-mail, 企业微信, 钉钉, 飞书, webhook (secrets from BEIANLEDGER_CHANNEL_SECRET / _URL)", sub: []*command{
			{name: "add", summary: "add: email --label L (--preset qq|163|126|wecom-mail|exmail|aliyun|outlook | --smtp-host H --smtp-port P --tls starttls|implicit) --from A --to A,B [--to-contacts site-owner,entity-owner,backup,administrator|all] [--smtp-user U]; wecom|dingtalk|feishu|webhook --label L --url URL [--mention MOBILES] [--keyword K]", run: cmdChannelAdd},
			{name: "list", summary: "list channels (never their secrets) [--json]", run: cmdChannelList},
			{name: "remove", summary: "remove a channel: remove LABEL", run: cmdChannelRemove},
			{name: "rm", summary: "same as remove", run: cmdChannelRemove},
			{name: "test", summary: "send a test message the same way as real reminders: test LABEL", run: cmdChannelTest},
		}},
		{name: "schedule", summary: "run notify every day unattended, with a revocable key slot of its own", sub: []*command{
			{name: "install", summary: "add a scheduler@HOST slot and a daily systemd user timer (Linux), launchd agent (macOS) or print the Task Scheduler command (Windows) [--time HH:MM]", run: cmdScheduleInstall},
			{name: "status", summary: "show the slot, key file and timer", run: cmdScheduleStatus},
			{name: "remove", summary: "remove the timer, the key file and the slot", run: cmdScheduleRemove},
		}},
		{name: "letter", summary: "write a letter for a site: recovery-authorisation | agent-authorisation | situation-statement | materials-checklist | emergency-kit (--site --format docx|pdf --out; --matter TEXT, repeatable, and --term-from/--term-to YYYY-MM-DD for the 委托事项 and 委托期限; uses the copy kept in the vault unless --builtin or --template-file)", run: cmdLetter},
		{name: "attach", summary: "keep small sealed files (licence scans, stamped letters) with a site, credential, entity or contact", sub: []*command{
			{name: "add", summary: "attach FILEs to a record: --to KIND:ID-OR-NUMBER FILE… (each ≤ 10 MiB)", run: cmdAttachAdd},
			{name: "list", summary: "list a record's attachments: --to KIND:ID-OR-NUMBER [--json]", run: cmdAttachList},
			{name: "get", summary: "write an attachment to --out FILE (0600; --force to overwrite)", run: cmdAttachGet},
			{name: "rm", summary: "delete an attachment", run: cmdAttachRemove},
		}},
		{name: "keygen", summary: "make a backup contact's identity file; prints the public recipient", run: cmdKeygen},
		{name: "access", summary: "list, add and remove the ways into the vault", sub: []*command{
			{name: "list", summary: "list key slots", run: cmdAccessList},
			{name: "add-passphrase", summary: "add a passphrase (from BEIANLEDGER_NEW_PASSWORD or a prompt)", run: cmdAddPassphrase},
			{name: "change-passphrase", summary: "change the passphrase the vault was opened with (the new one from BEIANLEDGER_NEW_PASSWORD or a prompt)", run: cmdChangePassphrase},
			{name: "add-recipient", summary: "add a backup contact's public key", run: cmdAddRecipient},
			{name: "add-recovery-key", summary: "add a recovery key and write it to --out once", run: cmdAddRecoveryKey},
			{name: "remove", summary: "remove a key slot and rotate the master key", run: cmdAccessRemove},
			{name: "drill", summary: "access drill: open the vault once with your own way in (--identity FILE) and record the day", run: cmdAccessDrill},
		}},
		{name: "audit", summary: "who did what and when (--record ID --since DATE --limit N --json)", run: cmdAudit},
		{name: "merge", summary: "merge another copy of this vault (a sync tool's conflict copy) field by field", run: cmdMerge},
		{name: "conflicts", summary: "fields two people changed differently, and how to settle them", sub: []*command{
			{name: "list", summary: "list open conflicts (--json)", run: cmdConflictsList},
			{name: "resolve", summary: "resolve conflict ID with --keep current|other", run: cmdConflictsResolve},
		}},
		{name: "remote", summary: "vaults on a WebDAV share (坚果云, Nextcloud, NAS): --vault https://… works for every command", sub: []*command{
			{name: "test", summary: "check a share for holding a vault: test URL (reachable, credentials, ETag, If-Match; writes and removes a test file)", run: cmdRemoteTest},
		}},
		{name: "backups", summary: "list or restore older versions kept beside the vault", sub: []*command{
			{name: "list", summary: "list backups, newest first", run: cmdBackupsList},
			{name: "restore", summary: "restore backup N (1 = newest)", run: cmdBackupsRestore},
		}},
	}
}

// Main runs the CLI with args (without the program name) and returns the
// exit code.
func Main(args []string, env Env) int {
	if env.Now == nil {
		env.Now = time.Now
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(env.Stdout, nil)
		return ExitOK
	}
	cmds := commands()
	cmd := find(cmds, args[0])
	if cmd == nil {
		fmt.Fprintf(env.Stderr, "beianledger: unknown command %q\n\n", args[0])
		printUsage(env.Stderr, nil)
		return ExitUsage
	}
	rest := args[1:]
	name := cmd.name
	if cmd.sub != nil {
		if len(rest) == 0 || rest[0] == "-h" || rest[0] == "--help" {
			printUsage(env.Stdout, cmd)
			if len(rest) == 0 {
				return ExitUsage
			}
			return ExitOK
		}
		sub := find(cmd.sub, rest[0])
		if sub == nil {
			fmt.Fprintf(env.Stderr, "beianledger %s: unknown subcommand %q\n\n", cmd.name, rest[0])
			printUsage(env.Stderr, cmd)
			return ExitUsage
		}
		name += " " + sub.name
		cmd, rest = sub, rest[1:]
	}
	if wantsHelp(rest) {
		printCommandHelp(env.Stdout, name, cmd)
		return ExitOK
	}
	c := newCtx(name, env)
	c.fs.Usage = func() {} // the error line below says it; --help says the rest
	if err := c.parse(rest); err != nil {
		fmt.Fprintf(env.Stderr, "beianledger %s: %v\n%s\n", name, err, usageHint(name))
		return ExitUsage
	}
	defer c.close()
	err := cmd.run(c)
	if err == nil {
		return ExitOK
	}
	code := ExitCode(err)
	var ce *vault.ChangeError
	if errors.As(err, &ce) {
		// Chinese first, then English: say what changed, who signed the
		// file, and how to go on once it has been checked.
		for _, l := range i18n.Langs {
			fmt.Fprintf(env.Stderr, "beianledger %s: %s\n", name, strings.Join(i18n.DescribeChange(l, ce), "\n  "))
			fmt.Fprintln(env.Stderr, "  "+i18n.T(l, "change.advice"))
			fmt.Fprintln(env.Stderr, "  "+i18n.T(l, "change.cliHint", i18n.AcceptFlags(ce)))
		}
		return code
	}
	fmt.Fprintf(env.Stderr, "beianledger %s: %v\n", name, err)
	var re *vault.RemoteError
	if errors.As(err, &re) {
		fmt.Fprint(env.Stderr, remoteMessage(name, re))
		return code
	}
	if errors.Is(err, vault.ErrNotSignedByAWayIn) {
		fmt.Fprintln(env.Stderr, i18n.T(i18n.ZH, "change.forged")+"\n"+i18n.T(i18n.EN, "change.forged"))
	}
	if h := problemHint(name, err); h != "" {
		fmt.Fprintln(env.Stderr, h)
	} else if h := hint(code); h != "" {
		fmt.Fprintln(env.Stderr, h)
	}
	return code
}

// IsCommand reports whether name is one of the CLI's commands, so that main
// can tell `beianledger list` from a vault file opened by its name.
func IsCommand(name string) bool {
	return name == "help" || find(commands(), name) != nil
}

func find(cmds []*command, name string) *command {
	for _, c := range cmds {
		if c.name == name {
			return c
		}
	}
	return nil
}

// ExitCode maps an error to the contract's exit code.
func ExitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue):
		return ExitUsage
	case errors.Is(err, vault.ErrWrongKey), errors.Is(err, errNoSecret), errors.Is(err, vault.ErrBadRecoveryKey):
		return ExitUnlock
	case errors.Is(err, vault.ErrDamaged), errors.Is(err, vault.ErrNotVault), errors.Is(err, vault.ErrUnexpectedChange),
		errors.Is(err, vault.ErrHostileKDF), errors.Is(err, vault.ErrUnsupportedVersion):
		return ExitDamaged
	case errors.Is(err, vault.ErrConflict), errors.Is(err, vault.ErrLocked):
		return ExitConflict
	}
	var re *vault.RemoteError
	if errors.As(err, &re) {
		switch re.Kind {
		case vault.RemoteAuth:
			return ExitUnlock
		case vault.RemoteLocked:
			return ExitConflict
		}
	}
	return ExitError
}

// hint adds what to do next, in Chinese first: most users read it first.
func hint(code int) string {
	switch code {
	case ExitUnlock:
		return "提示：无法解锁保险库——请检查口令、身份文件或恢复密钥。\nhint: check the passphrase, identity file or recovery key."
	case ExitDamaged:
		return "提示：文件已损坏、被篡改或不是保险库。可用 `beianledger backups list` 查看备份并恢复。\nhint: the file is damaged, tampered with or not a vault; see `beianledger backups list` to restore a backup."
	case ExitConflict:
		return "提示：保险库正被他人使用或已在磁盘上被修改。请稍后重试，或重新打开以获取最新版本。\nhint: someone else has the vault open or changed it; retry later or reopen to get the newest version."
	}
	return ""
}

func printUsage(w io.Writer, parent *command) {
	if parent != nil {
		fmt.Fprintf(w, "usage: beianledger %s SUBCOMMAND [flags]\n\n", parent.name)
		for _, s := range parent.sub {
			fmt.Fprintf(w, "  %-18s %s\n", s.name, s.summary)
		}
		return
	}
	fmt.Fprint(w, `Beian Ledger 备案台账 — keeps ICP filings, their accounts and contacts in one encrypted vault.

usage: beianledger                      open the desktop app
       beianledger gui [--vault PATH]   open the desktop app at a vault
       beianledger COMMAND [flags]

commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-18s %s\n", c.name, c.summary)
		for _, s := range c.sub {
			fmt.Fprintf(w, "    %-16s %s\n", s.name, s.summary)
		}
	}
	fmt.Fprint(w, `
common flags:
  --vault PATH             the vault file (or BEIANLEDGER_VAULT); an https:// URL is a
                           vault on a WebDAV share (user and password from
                           BEIANLEDGER_WEBDAV_USER / BEIANLEDGER_WEBDAV_PASSWORD or a prompt)
  --password-file FILE     read the passphrase from the first line of FILE
                           (or BEIANLEDGER_PASSWORD, or a prompt on a terminal)
  --identity FILE          open with a backup contact's identity file
  --recovery-key-file FILE open with the recovery key
  --lock-timeout DURATION  wait this long for another writer (default 10s)
  --accept-rollback        open a vault older than the newest seen on this computer
  --accept-changes         open a vault whose ways in changed since seen here, or an
                           unsigned old-format one (exit 4 says what changed)
  --json                   machine-readable output on read commands

exit codes: 0 ok · 1 error · 2 usage · 3 cannot unlock · 4 damaged or not a vault · 5 conflict or locked
`)
}

// Stdio returns an Env for the real process. BEIANLEDGER_TODAY=YYYY-MM-DD
// pretends today is that day (Beijing time): reproducible demos and tests
// of date rules, without touching the system clock.
func Stdio() Env {
	now := time.Now
	if d, err := ledger.ParseDate(os.Getenv("BEIANLEDGER_TODAY")); err == nil && !d.IsZero() {
		fixed := d.Time().Add(10 * time.Hour) // mid-morning in Beijing
		now = func() time.Time { return fixed }
	}
	return Env{
		Stdin:        os.Stdin,
		Stdout:       os.Stdout,
		Stderr:       os.Stderr,
		Getenv:       os.Getenv,
		IsTerminal:   stdinIsTerminal,
		ReadPassword: readPasswordTTY,
		Now:          now,
		exits:        true,
	}
}

func trimLine(b []byte) []byte {
	if i := strings.IndexAny(string(b), "\r\n"); i >= 0 {
		return b[:i]
	}
	return b
}
