package cli

import (
	"beianledger/internal/jsonrec"
	"beianledger/internal/safefile"
	"beianledger/internal/schedule"
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"beianledger/vault"
)

// ctx is one command run: its flags, its environment and the vault it opened.
type ctx struct {
	name string
	env  Env
	fs   *flag.FlagSet
	args []string // positional arguments

	vaultPath    string
	passwordFile string
	identity     string
	recoveryFile string
	lockTimeout  time.Duration
	json         bool
	// accept what the known-vaults memory reports (after reading it)
	acceptRollback, acceptChanges bool

	// command-specific flags, registered by flag()
	strs  map[string]*string
	ints  map[string]*int
	bools map[string]*bool
	lists map[string]*listFlag // repeatable: each use adds a value

	opened *vault.Vault

	// probe, when set, makes only() record the flags the command takes and
	// stop it there (errProbe): the help test compares them with the help.
	probe *[]string
}

var errProbe = errors.New("probe: stopped before running")

func newCtx(name string, env Env) *ctx {
	c := &ctx{name: name, env: env, strs: map[string]*string{}, ints: map[string]*int{}, bools: map[string]*bool{}, lists: map[string]*listFlag{}}
	fs := flag.NewFlagSet("beianledger "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(&c.vaultPath, "vault", "", "vault file (or BEIANLEDGER_VAULT)")
	fs.StringVar(&c.passwordFile, "password-file", "", "read the passphrase from the first line of this file")
	fs.StringVar(&c.identity, "identity", "", "open with a backup contact's identity file")
	fs.StringVar(&c.recoveryFile, "recovery-key-file", "", "open with the recovery key in this file")
	fs.DurationVar(&c.lockTimeout, "lock-timeout", 10*time.Second, "wait this long for another writer")
	fs.BoolVar(&c.json, "json", false, "machine-readable JSON output")
	fs.BoolVar(&c.acceptRollback, "accept-rollback", false, "open a vault older than the newest this computer has seen (after checking why)")
	fs.BoolVar(&c.acceptChanges, "accept-changes", false, "open a vault whose ways in changed since this computer last saw it, or an unsigned old-format one (after checking)")
	// Command-specific flags: every command accepts these names, and
	// commands that do not use one reject it in check().
	for _, n := range []string{"label", "recipient", "out", "to",
		// ledger fields (add, check, rotate …), named after ledger.md
		"name", "number", "domains", "entity", "provider", "kind", "uscc", "legal-rep", "address",
		"province", "filing-number", "icp-licence", "first-filed", "went-live", "status", "psb-number", "psb-date",
		"licence", "licence-expiry", "domain-expiry", "ssl-expiry", "product-expiry", "id-expiry", "notes", "system", "site", "url", "login",
		"last-rotated", "role", "mobile", "email", "employer", "position", "start", "end",
		"result", "note", "date", "hotline", "console-url", "aliases", "at", "from", "until", "format",
		"template-file", "facts", "request", "scenario", "keep", "record", "since", "agent-name", "agent-mobile", "agent-employer", "agent-position", "agent-uscc", "agent-handler", "addressee", "term-from", "term-to",
		// notification channels and runs
		"smtp-host", "tls", "smtp-user", "preset", "mention", "keyword", "lang", "test", "channel", "time", "to-contacts", "key-store"} {
		c.strs[n] = fs.String(n, "", "")
	}
	for _, n := range []string{"matter"} {
		c.lists[n] = &listFlag{}
		fs.Var(c.lists[n], n, "")
	}
	for _, n := range []string{"argon2-time", "argon2-memory", "argon2-threads", "rotation-months", "sites", "limit", "within", "months", "smtp-port", "max-parts"} {
		c.ints[n] = fs.Int(n, 0, "")
	}
	for _, n := range []string{"force", "reveal", "generate", "secret-stdin", "id-number-stdin", "dry-run", "include-secrets", "builtin", "install-schedule", "remove-schedule", "scheduler-keyring"} {
		c.bools[n] = fs.Bool(n, false, "")
	}
	c.fs = fs
	return c
}

// parse accepts flags before and after positional arguments.
func (c *ctx) parse(args []string) error {
	for {
		if err := c.fs.Parse(args); err != nil {
			return err
		}
		rest := c.fs.Args()
		if len(rest) == 0 {
			break
		}
		if rest[0] == "--" {
			c.args = append(c.args, rest[1:]...)
			break
		}
		c.args = append(c.args, rest[0])
		args = rest[1:]
	}
	if c.vaultPath == "" {
		c.vaultPath = c.env.Getenv("BEIANLEDGER_VAULT")
	}
	return nil
}

// only rejects command-specific flags this command does not take.
func (c *ctx) only(allowed ...string) error {
	if c.probe != nil {
		*c.probe = allowed
		return errProbe
	}
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	var bad error
	c.fs.Visit(func(f *flag.Flag) {
		_, s := c.strs[f.Name]
		_, i := c.ints[f.Name]
		_, b := c.bools[f.Name]
		_, l := c.lists[f.Name]
		if (s || i || b || l) && !ok[f.Name] && bad == nil {
			bad = usagef("flag --%s does not apply to %s", f.Name, c.name)
		}
	})
	return bad
}

func (c *ctx) str(n string) string { return *c.strs[n] }

func (c *ctx) num(n string) int { return *c.ints[n] }

func (c *ctx) flag(n string) bool { return *c.bools[n] }

// list is every value given to a repeatable flag, in order.
func (c *ctx) list(n string) []string { return append([]string(nil), (*c.lists[n])...) }

// listFlag is a repeatable string flag (--matter A --matter B).
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, "; ") }

func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

func (c *ctx) set(n string) bool {
	found := false
	c.fs.Visit(func(f *flag.Flag) {
		if f.Name == n {
			found = true
		}
	})
	return found
}

func (c *ctx) close() {
	if c.opened != nil {
		c.waiting(c.opened)
		if c.env.exits {
			c.opened.LockAtExit()
		} else {
			c.opened.Lock()
		}
		c.opened = nil
	}
}

func (c *ctx) needVault() error {
	if c.vaultPath == "" {
		return usagef("no vault given: use --vault PATH or set BEIANLEDGER_VAULT")
	}
	return nil
}

func (c *ctx) out() io.Writer { return c.env.Stdout }

// jsonAppender is a type that writes its own JSON, byte for byte what
// encoding/json would, faster (remind.Item).
type jsonAppender interface{ AppendJSON([]byte) []byte }

// printJSON writes v as JSON on stdout. A list is written one compact
// element per line, which reads well, suits grep and line tools, and
// streams: at 10,000 sites `due --json` is tens of thousands of items,
// and indenting them took longer than computing them. Anything else is
// indented.
func (c *ctx) printJSON(v any) error {
	bw := bufio.NewWriterSize(c.env.Stdout, 64<<10)
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			return err
		}
		bw.Write(jsonSafe(buf.Bytes()))
		return bw.Flush()
	}
	if rv.Len() == 0 {
		bw.WriteString("[]\n")
		return bw.Flush()
	}
	bw.WriteString("[\n")
	if rv.CanAddr() || rv.Kind() == reflect.Slice {
		if _, ok := rv.Index(0).Addr().Interface().(jsonAppender); ok {
			writeAppenders(bw, rv.Len(), func(i int) jsonAppender { return rv.Index(i).Addr().Interface().(jsonAppender) })
			bw.WriteString("\n]\n")
			return bw.Flush()
		}
	}
	if rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.Struct && jsonrec.Planned(rv.Type().Elem()) {
		// Records of a known shape (sites, entities, …): written from
		// their field plan, the bytes encoding/json would write.
		if err := writePlanned(bw, rv.Len(), rv.Index); err != nil {
			return err
		}
		bw.WriteString("\n]\n")
		return bw.Flush()
	}
	var one bytes.Buffer
	e1 := json.NewEncoder(&one)
	e1.SetEscapeHTML(false)
	for i := range rv.Len() {
		if i > 0 {
			bw.WriteString(",\n")
		}
		// Encode ends each value with a newline: drop it to place the comma.
		one.Reset()
		if err := e1.Encode(rv.Index(i).Interface()); err != nil {
			return err
		}
		bw.Write(jsonSafe(bytes.TrimRight(one.Bytes(), "\n")))
	}
	bw.WriteString("\n]\n")
	return bw.Flush()
}

// writePlanned writes n records of a planned struct type (jsonrec), the
// ith from rec, separated by ",\n".
func writePlanned(bw *bufio.Writer, n int, rec func(i int) reflect.Value) error {
	var b []byte
	for i := range n {
		b = b[:0]
		if i > 0 {
			b = append(b, ',', '\n')
		}
		var err error
		if b, _, err = jsonrec.Append(b, rec(i), jsonrec.Style{}); err != nil {
			return err
		}
		bw.Write(jsonSafe(b))
	}
	return nil
}

// printRecords writes n records as printJSON writes a slice of them, each
// made by rec as it is written rather than all first: `list --json` at
// 10,000 sites would otherwise hold a second 10,000-element copy of the
// sites just to print it.
func printRecords[T any](c *ctx, n int, rec func(i int) T) error {
	if n == 0 || !jsonrec.Planned(reflect.TypeFor[T]()) {
		all := make([]T, n)
		for i := range all {
			all[i] = rec(i)
		}
		return c.printJSON(all)
	}
	bw := bufio.NewWriterSize(c.env.Stdout, 64<<10)
	bw.WriteString("[\n")
	var one T
	v := reflect.ValueOf(&one).Elem()
	if err := writePlanned(bw, n, func(i int) reflect.Value { one = rec(i); return v }); err != nil {
		return err
	}
	bw.WriteString("\n]\n")
	return bw.Flush()
}

// writeAppenders writes n elements that write their own JSON, separated by
// ",\n", encoding blocks of them on every CPU and writing the blocks in
// order: `due --json` at 10,000 sites writes 19 MB, and encoding it was a
// third of the command's time. At most a few blocks wait to be written, so
// a slow reader does not make the whole list pile up in memory.
func writeAppenders(w io.Writer, n int, el func(i int) jsonAppender) {
	const block = 256
	nb := (n + block - 1) / block
	workers := max(1, min(runtime.GOMAXPROCS(0), nb))
	bufs := make([][]byte, nb)
	ready := make([]chan struct{}, nb)
	for k := range ready {
		ready[k] = make(chan struct{})
	}
	free := make(chan []byte, 2*workers) // buffers written out, for reuse
	slots := make(chan struct{}, 2*workers)
	var next atomic.Int64
	stop := make(chan struct{})
	defer close(stop)
	for range workers {
		go func() {
			for {
				select {
				case slots <- struct{}{}:
				case <-stop:
					return
				}
				k := int(next.Add(1) - 1)
				if k >= nb {
					return
				}
				var b []byte
				select {
				case b = <-free:
				default:
				}
				for i := k * block; i < min(n, (k+1)*block); i++ {
					if i > 0 {
						b = append(b, ',', '\n')
					}
					b = el(i).AppendJSON(b)
				}
				bufs[k] = jsonSafe(b)
				close(ready[k])
			}
		}()
	}
	for k := range nb {
		<-ready[k]
		w.Write(bufs[k])
		select {
		case free <- bufs[k][:0]:
		default:
		}
		bufs[k] = nil
		<-slots
	}
}

func (c *ctx) warnf(format string, args ...any) {
	fmt.Fprintf(c.env.Stderr, "beianledger %s: 警告 warning: "+format+"\n", append([]any{c.name}, args...)...)
}

// secret gets a passphrase from, in order: envVar, --password-file (for the
// main passphrase only), or a no-echo prompt on a terminal. With none of
// these it fails with errNoSecret, never hangs.
func (c *ctx) secret(envVar string, useFile bool, prompt string, confirm bool) ([]byte, error) {
	if v := c.env.Getenv(envVar); v != "" {
		return []byte(v), nil
	}
	if useFile && c.passwordFile != "" {
		data, err := os.ReadFile(c.passwordFile)
		if err != nil {
			return nil, fmt.Errorf("password file: %w", err)
		}
		line := append([]byte(nil), trimLine(data)...)
		for i := range data {
			data[i] = 0
		}
		if len(line) == 0 {
			return nil, fmt.Errorf("%w: the password file's first line is empty", errNoSecret)
		}
		return line, nil
	}
	if c.env.IsTerminal == nil || !c.env.IsTerminal() || c.env.ReadPassword == nil {
		return nil, errNoSecret
	}
	p, err := c.env.ReadPassword(prompt)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNoSecret, err)
	}
	if confirm {
		again, err := c.env.ReadPassword("再次输入 / repeat: ")
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errNoSecret, err)
		}
		if string(again) != string(p) {
			return nil, usagef("the two passphrases differ")
		}
	}
	return p, nil
}

// key builds the way in from the flags: --identity, --recovery-key-file or
// the passphrase.
func (c *ctx) key() (vault.Key, error) {
	if c.identity != "" && c.recoveryFile != "" {
		return nil, usagef("give either --identity or --recovery-key-file, not both")
	}
	if c.flag("scheduler-keyring") {
		if c.identity != "" || c.recoveryFile != "" {
			return nil, usagef("--scheduler-keyring opens with the scheduler key alone: no --identity or --recovery-key-file")
		}
		uuid, _, _, err := vault.Inspect(c.vaultPath)
		if err != nil {
			return nil, err
		}
		k, err := schedule.LoadKey(uuid, c.scheduleEnv())
		if err != nil {
			return nil, fmt.Errorf("%w: %v (定时任务的密钥不在系统钥匙串中：钥匙串是否已解锁？)", errNoSecret, err)
		}
		return k, nil
	}
	if c.recoveryFile != "" {
		data, err := os.ReadFile(c.recoveryFile)
		if err != nil {
			return nil, fmt.Errorf("recovery key file: %w", err)
		}
		// The file may carry comments; the key is the line that parses.
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			return vault.ParseRecoveryKey(line)
		}
		return nil, fmt.Errorf("%w: no key in %s", vault.ErrBadRecoveryKey, c.recoveryFile)
	}
	if c.identity != "" {
		data, err := os.ReadFile(c.identity)
		if err != nil {
			return nil, fmt.Errorf("identity file: %w", err)
		}
		p, err := c.secret("BEIANLEDGER_PASSWORD", true, "身份文件口令 / identity passphrase: ", false)
		if err != nil {
			return nil, err
		}
		id, err := vault.UnmarshalIdentity(data, p)
		wipe(p)
		return id, err
	}
	p, err := c.secret("BEIANLEDGER_PASSWORD", true, "口令 / passphrase: ", false)
	if err != nil {
		return nil, err
	}
	return vault.NewPassphrase(p, vault.KDFParams{}), nil
}

// options: a command is one short session, so a writer's merge base is
// the file it opened, read again only if another save arrives meanwhile
// (vault.Options.BaseOnDisk).
func (c *ctx) options(readOnly bool) vault.Options {
	return vault.Options{ReadOnly: readOnly, LockTimeout: c.lockTimeout, Now: c.env.Now,
		AcceptRollback: c.acceptRollback, AcceptChanges: c.acceptChanges, Credentials: c.davCredentials,
		BaseOnDisk: true}
}

// open unlocks the vault; writers take the lock.
func (c *ctx) open(readOnly bool) (*vault.Vault, error) {
	if err := c.needVault(); err != nil {
		return nil, err
	}
	k, err := c.key()
	if err != nil {
		return nil, err
	}
	v, err := vault.Open(c.vaultPath, k, c.options(readOnly))
	if err != nil {
		return nil, err
	}
	if err := c.offline(v, readOnly); err != nil {
		v.Lock()
		return nil, err
	}
	c.opened = v
	return v, nil
}

// kdf reads --argon2-* or calibrates. Values below the floor are allowed
// with a warning; above the ceiling they are a usage error.
func (c *ctx) kdf() (vault.KDFParams, error) {
	if !c.set("argon2-time") && !c.set("argon2-memory") && !c.set("argon2-threads") {
		fmt.Fprintln(c.env.Stderr, "calibrating Argon2id for this machine…")
		p := vault.Calibrate(700 * time.Millisecond)
		return p, nil
	}
	p := vault.KDFParams{Time: 3, Memory: 64 << 10, Threads: 2}
	if c.set("argon2-time") {
		p.Time = uint32(clampInt(*c.ints["argon2-time"]))
	}
	if c.set("argon2-memory") {
		p.Memory = uint32(clampInt(*c.ints["argon2-memory"] * 1024))
	}
	if c.set("argon2-threads") {
		t := *c.ints["argon2-threads"]
		if t < 0 || t > 255 {
			t = 0
		}
		p.Threads = uint8(t)
	}
	if err := p.Check(); err != nil {
		return p, usagef("%v", err)
	}
	if p.BelowFloor() {
		c.warnf("%v is below the recommended floor (64 MiB, 2 passes): fine for tests, weak for real secrets", p)
	}
	return p, nil
}

func clampInt(n int) int {
	if n < 0 {
		return 0
	}
	if n > 1<<31 {
		return 1 << 31
	}
	return n
}

func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

// writeNew writes a file that must not exist yet (keys are written once).
func writeNew(path string, data []byte, mode os.FileMode) error {
	err := safefile.WriteNew(path, data, mode)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists; not overwriting a key file", path)
	}
	return err
}
