package cli

import (
	"fmt"
	"io"
	"strings"
)

// cmdHelp is what `beianledger COMMAND --help` shows: the arguments, the
// command's own flags and whether it opens a vault (then the ways in apply).
// TestHelpMatchesCommands checks the flags against what each command
// accepts.
type cmdHelp struct {
	args  string   // positional arguments, as in the usage line
	flags []string // command-specific flags, in the order shown
	vault bool     // opens a vault: --vault and the ways in apply
	write bool     // changes the vault: --lock-timeout applies
	json  bool     // --json applies
	note  string   // said after the flags
	// kinds lists which flags go with which first argument (add).
	kinds [][2]string
}

var argon2Flags = []string{"argon2-time", "argon2-memory", "argon2-threads"}

var helps = map[string]cmdHelp{
	"version":  {json: true},
	"init":     {flags: append([]string{"label"}, argon2Flags...), vault: true, note: "The new passphrase comes from BEIANLEDGER_PASSWORD, or a prompt (asked twice) on a terminal; --password-file FILE works too. Without --argon2-* the key derivation is calibrated to about 0.7 s on this machine."},
	"verify":   {vault: true, json: true, note: "Exit 0 when the whole vault checks out, 4 when it is damaged."},
	"demo":     {flags: append([]string{"out", "sites", "password-file"}, argon2Flags...), note: "The demo vault's passphrase comes from the environment variable BEIANLEDGER_PASSWORD, else from the first line of --password-file FILE, else from a prompt (asked twice) on a terminal; with none of these, demo stops with exit code 3 instead of waiting. All names, numbers and people in the demo are made up.\n演示保险库的口令取自环境变量 BEIANLEDGER_PASSWORD，其次是 --password-file 文件的第一行，再次是终端上的提示输入（输入两次）。"},
	"validate": {args: "VALUE…", json: true},
	"list":     {vault: true, json: true},
	"show":     {args: "SITE", flags: []string{"reveal"}, vault: true, json: true},
	"search":   {args: "TEXT", flags: []string{"limit"}, vault: true, json: true},
	"add": {args: "entity|site|credential|contact|provider", vault: true, write: true, json: true,
		flags: []string{"name", "number", "domains", "entity", "provider", "kind", "uscc", "legal-rep", "address", "province",
			"filing-number", "icp-licence", "first-filed", "went-live", "status", "psb-number", "psb-date", "licence",
			"licence-expiry", "domain-expiry", "ssl-expiry", "product-expiry", "id-expiry", "site", "system", "url", "login", "last-rotated", "rotation-months",
			"generate", "secret-stdin", "role", "mobile", "email", "employer", "position", "start", "end", "id-number-stdin",
			"aliases", "console-url", "hotline", "notes"},
		kinds: [][2]string{
			{"entity", "name kind uscc legal-rep address province filing-number icp-licence notes"},
			{"site", "number name domains entity provider kind province first-filed went-live status psb-number psb-date licence licence-expiry domain-expiry ssl-expiry product-expiry notes"},
			{"credential", "site system url login last-rotated rotation-months notes generate secret-stdin"},
			{"contact", "name role mobile email employer position start end site entity id-expiry notes id-number-stdin"},
			{"provider", "name aliases console-url hotline notes"},
		}},
	"check":  {args: "SITE", flags: []string{"result", "note", "date"}, vault: true, write: true},
	"rotate": {args: "CREDENTIAL", flags: []string{"generate", "secret-stdin"}, vault: true, write: true},
	"import": {args: "FILE", flags: []string{"format", "dry-run"}, vault: true, write: true, json: true},
	"export": {flags: []string{"format", "out", "include-secrets"}, vault: true},
	"due":    {flags: []string{"at", "within"}, vault: true, json: true},
	"ics":    {flags: []string{"out", "from", "months"}, vault: true},
	"remind": {args: "done KEY | snooze KEY --until DATE", flags: []string{"until", "note"}, vault: true, write: true},
	"letter": {args: "KIND", vault: true, flags: []string{"site", "format", "out", "date", "template-file", "builtin", "facts", "request", "scenario",
		"agent-name", "agent-mobile", "agent-employer", "agent-position", "agent-uscc", "agent-handler", "addressee", "matter", "term-from", "term-to"},
		note: "KIND: recovery-authorisation (密码找回授权书) | agent-authorisation (授权委托书) | situation-statement (情况说明) | materials-checklist (材料清单) | emergency-kit (应急资料包). Making the emergency kit records the day in the vault (so it waits for another writer): the kit-stale reminder asks for a new one after 12 months or after the ways in, contacts or providers change."},
	"attach add":               {args: "FILE…", flags: []string{"to"}, vault: true, write: true, json: true},
	"attach list":              {flags: []string{"to"}, vault: true, json: true},
	"attach get":               {args: "ATTACHMENT-ID", flags: []string{"out", "force"}, vault: true},
	"attach rm":                {args: "ATTACHMENT-ID", vault: true, write: true},
	"keygen":                   {flags: append([]string{"out", "password-file"}, argon2Flags...), note: "The identity file's new passphrase comes from BEIANLEDGER_PASSWORD, --password-file, or a prompt (asked twice) on a terminal."},
	"access list":              {vault: true, json: true},
	"access add-passphrase":    {flags: append([]string{"label"}, argon2Flags...), vault: true, write: true, note: "The new passphrase comes from BEIANLEDGER_NEW_PASSWORD or a prompt; the vault opens with BEIANLEDGER_PASSWORD, --password-file, --identity or --recovery-key-file."},
	"access change-passphrase": {flags: argon2Flags, vault: true, write: true, note: "Opens with the current passphrase (BEIANLEDGER_PASSWORD, --password-file or a prompt) and asks for it once more; the new one comes from BEIANLEDGER_NEW_PASSWORD or a prompt (asked twice) and must be strong (zxcvbn score 3). The way in keeps its id and label; no password is marked for rotation."},
	"access add-recipient":     {flags: []string{"label", "recipient"}, vault: true, write: true},
	"access add-recovery-key":  {flags: []string{"out", "label"}, vault: true, write: true},
	"access remove":            {args: "SLOT-ID-OR-LABEL", vault: true, write: true},
	"access drill":             {vault: true, write: true, note: "A backup contact proves their way in still works: they open the vault once with --identity FILE (their identity file's passphrase from BEIANLEDGER_PASSWORD or a prompt), and the day is recorded for that way in. The access-drill reminder asks for this every 6 months."},
	"backups list":             {vault: true, json: true},
	"backups restore":          {args: "N", vault: true, write: true},
	"merge":                    {args: "FILE", vault: true, write: true, json: true, note: "FILE is another copy of this vault (a sync tool's conflict copy): its changes are merged field by field, differing values of one field are kept as conflicts, and the copy is moved into the backups folder."},
	"remote test":              {args: "URL", json: true, note: "URL is the vault file's address on the share, e.g. https://dav.jianguoyun.com/dav/公司/备案台账.beianvault (坚果云) or https://cloud.example.com/remote.php/dav/files/USER/备案台账.beianvault (Nextcloud). User and password from BEIANLEDGER_WEBDAV_USER and BEIANLEDGER_WEBDAV_PASSWORD, else asked on the terminal; 坚果云 needs an application password. Exit 0 when the share is fit for saving a vault.\nURL 是保险库文件在网盘上的地址。用户名和密码取自 BEIANLEDGER_WEBDAV_USER 和 BEIANLEDGER_WEBDAV_PASSWORD，否则在终端上询问；坚果云需使用应用密码。"},
	"conflicts list":           {vault: true, json: true},
	"conflicts resolve":        {args: "CONFLICT-ID", flags: []string{"keep"}, vault: true, write: true},
	"audit":                    {flags: []string{"record", "since", "limit"}, vault: true, json: true},
	"notify":                   {flags: []string{"at", "dry-run", "test", "channel", "scheduler-keyring"}, vault: true, json: true, note: "Sends each due item once per state (upcoming, due, overdue) per channel; what was sent is kept in a 0600 state file beside the user's config, never in the vault."},
	"probe":                    {flags: []string{"site", "dry-run"}, vault: true, write: true, json: true, note: "Connects to port 443 of every domain of every live site (16 at a time, 5 s each), verifies the certificate as a browser would, and records the earliest expiry as the site's SSL expiry; an expired certificate still gives its date. A domain that fails (no answer, no TLS, wrong name, untrusted issuer) is reported and the others go on; exit 0. With --dry-run nothing is saved."},
	"channel add":              {args: "email|wecom|dingtalk|feishu|webhook", flags: []string{"label", "preset", "smtp-host", "smtp-port", "tls", "from", "smtp-user", "to", "to-contacts", "url", "mention", "keyword", "lang", "max-parts"}, vault: true, write: true, note: "The secret (SMTP 授权码 or password, robot signing secret) comes from BEIANLEDGER_CHANNEL_SECRET and a robot's webhook URL from BEIANLEDGER_CHANNEL_URL, never from a flag."},
	"channel list":             {vault: true, json: true},
	"channel remove":           {args: "LABEL-OR-ID", vault: true, write: true},
	"channel rm":               {args: "LABEL-OR-ID", vault: true, write: true},
	"channel test":             {args: "LABEL", vault: true, json: true},
	"schedule install":         {flags: []string{"time", "install-schedule", "dry-run", "key-store"}, vault: true, write: true},
	"schedule status":          {vault: true, json: true},
	"schedule remove":          {flags: []string{"remove-schedule", "dry-run"}, vault: true, write: true},
}

// flagDoc describes a flag: its value's name and one line. Where one name
// means different things in different commands, byCommand has the line.
type flagDoc struct {
	value, text string
	byCommand   map[string]string
}

var flagDocs = map[string]flagDoc{
	"vault":             {"PATH", "the vault file (or BEIANLEDGER_VAULT)", nil},
	"password-file":     {"FILE", "read the passphrase from the first line of FILE (else BEIANLEDGER_PASSWORD, else a prompt on a terminal)", nil},
	"identity":          {"FILE", "open with a backup contact's identity file (its passphrase as above)", nil},
	"recovery-key-file": {"FILE", "open with the recovery key in FILE", nil},
	"lock-timeout":      {"DURATION", "wait this long for another writer to finish (default 10s)", nil},
	"json":              {"", "machine-readable JSON output", nil},

	"label": {"NAME", "who this way in is for, shown by access list", map[string]string{"init": "who the first passphrase is for (default: the user name)"}},
	"out": {"FILE", "the file to write", map[string]string{
		"demo": "the demo vault to write (must not exist yet)", "keygen": "the identity file to write (must not exist yet)",
		"access add-recovery-key": "write the recovery key to FILE, once (print it, then delete the file)",
		"attach get":              "write the attachment to FILE (mode 0600)",
		"export":                  "write the ledger to FILE", "ics": "write the calendar to FILE", "letter": "write the letter to FILE"}},
	"sites":             {"N", "how many sites to make up (1–100000, default 30)", nil},
	"argon2-time":       {"N", "Argon2id passes (default: calibrated; 1 for tests)", nil},
	"argon2-memory":     {"MIB", "Argon2id memory in MiB (default: calibrated; 8 for tests)", nil},
	"argon2-threads":    {"N", "Argon2id lanes (default: calibrated)", nil},
	"recipient":         {"blr1…", "the backup contact's public key (what keygen printed)", nil},
	"reveal":            {"", "show passwords and ID numbers instead of ••••", nil},
	"limit":             {"N", "at most N results", map[string]string{"audit": "at most N lines, newest first"}},
	"test":              {"LABEL", "send a test message through this channel only (the same path as a real digest)", nil},
	"channel":           {"LABEL", "only this channel", nil},
	"preset":            {"NAME", "a mail host preset: qq, 163, 126, exmail (腾讯企业邮), wecom-mail (企业微信邮箱), aliyun (阿里企业邮箱), outlook", nil},
	"smtp-host":         {"HOST", "the SMTP server (instead of a preset)", nil},
	"smtp-port":         {"N", "the SMTP port (465 implicit TLS, 587 STARTTLS)", nil},
	"tls":               {"implicit|starttls|none", "how the connection is encrypted (none only to this computer)", nil},
	"smtp-user":         {"USER", "the SMTP login (often the mail address)", nil},
	"to-contacts":       {"ROLES", "also mail each site's contacts in these roles about their own items", nil},
	"mention":           {"MOBILES", "@ these mobile numbers in the group (企业微信, 钉钉)", nil},
	"keyword":           {"WORD", "the robot's security keyword, added to every message", nil},
	"lang":              {"zh|en", "the language of the messages (default zh)", nil},
	"max-parts":         {"N", "at most N messages a run (default 5); the rest is summarised", nil},
	"time":              {"HH:MM", "when to run every day (default 09:07)", nil},
	"install-schedule":  {"", "install the schedule (same as schedule install)", nil},
	"key-store":         {"auto|keyring|file", "where the scheduler key is kept: the OS keyring if it answers (auto, default), the keyring or fail, or a 0600 file in the config folder (for runs while nobody is logged in)", nil},
	"scheduler-keyring": {"", "open with this vault's scheduler key from the OS keyring (what schedule install registers)", nil},
	"remove-schedule":   {"", "remove the schedule (same as schedule remove)", nil},
	"keep":              {"current|other", "current: the record keeps its value; other: the other value replaces it", nil},
	"record":            {"ID", "only the lines about this record (an id or its first characters)", nil},
	"since":             {"DATE", "only lines from DATE (YYYY-MM-DD) on", nil},
	"accept-rollback":   {"", "open a vault older than the newest seen on this computer (after checking why)", nil},
	"accept-changes":    {"", "open a vault whose ways in changed since this computer saw it, or an unsigned old-format one", nil},
	"name":              {"TEXT", "name (entity, site, contact, provider)", nil},
	"number":            {"NUMBER", "the site's filing number, e.g. 京ICP备2021012345号-1", nil},
	"domains":           {"LIST", "domains, separated by commas or 、", nil},
	"entity":            {"NAME-OR-NUMBER", "the entity (主办单位) it belongs to", nil},
	"provider":          {"NAME", "the access provider (接入商); made if new", nil},
	"kind":              {"TEXT", "entity kind (企业, 个人 …) or site kind (网站, App, 小程序 …)", nil},
	"uscc":              {"CODE", "unified social credit code (统一社会信用代码)", nil},
	"legal-rep":         {"NAME", "legal representative (法定代表人)", nil},
	"address":           {"TEXT", "registered address", nil},
	"province":          {"NAME", "province of the filing (e.g. 北京)", nil},
	"filing-number":     {"NUMBER", "the entity's filing number (主体备案号)", nil},
	"icp-licence":       {"NUMBER", "ICP licence (经营许可证) number", nil},
	"first-filed":       {"DATE", "date first filed", nil},
	"went-live":         {"DATE", "date the site went live", nil},
	"status":            {"TEXT", "filing status", nil},
	"psb-number":        {"NUMBER", "公安备案号", nil},
	"psb-date":          {"DATE", "date of the 公安 filing", nil},
	"licence":           {"NUMBER", "the site's licence number", nil},
	"licence-expiry":    {"DATE", "licence expiry", nil},
	"domain-expiry":     {"DATE", "domain expiry", nil},
	"ssl-expiry":        {"DATE", "certificate expiry", nil},
	"site":              {"SITE", "the site, by filing number or domain", map[string]string{"probe": "probe only this site (filing number or domain)"}},
	"system":            {"TEXT", "which system the login is for (备案系统, 接入商控制台 …)", nil},
	"url":               {"URL", "where to log in", map[string]string{"channel add": "a webhook's address (a robot's URL comes from BEIANLEDGER_CHANNEL_URL)"}},
	"login":             {"TEXT", "the login name", nil},
	"last-rotated":      {"DATE", "when the password was last changed", nil},
	"rotation-months":   {"N", "change the password every N months", nil},
	"generate":          {"", "generate a new password (printed once)", nil},
	"secret-stdin":      {"", "read the password from standard input", nil},
	"role":              {"ROLE", "responsible, backup, legal-rep, agent …", nil},
	"mobile":            {"NUMBER", "mobile phone number", nil},
	"email":             {"ADDRESS", "e-mail address", nil},
	"employer":          {"TEXT", "employer", nil},
	"position":          {"TEXT", "position", nil},
	"start":             {"DATE", "in the role since", nil},
	"end":               {"DATE", "in the role until", nil},
	"id-number-stdin":   {"", "read the resident ID number from standard input (kept sealed)", nil},
	"aliases":           {"LIST", "other names of the provider, separated by commas", nil},
	"console-url":       {"URL", "the provider's console", nil},
	"hotline":           {"NUMBER", "the provider's hotline", nil},
	"notes":             {"TEXT", "notes", nil},
	"result":            {"normal|problem", "what the check found", nil},
	"note":              {"TEXT", "a note kept with it", nil},
	"date":              {"DATE", "the date (default today)", map[string]string{"letter": "the letter's date (default today)"}},
	"format": {"FORMAT", "file format", map[string]string{
		"import": "ledger (台账 .xlsx/.csv) or a password manager's CSV (default: detected)",
		"export": "csv | xlsx | json", "letter": "docx | pdf"}},
	"dry-run":         {"", "check and report only; change nothing", map[string]string{"probe": "probe and report only; record nothing"}},
	"include-secrets": {"", "include passwords and ID numbers (logged in the audit trail)", nil},
	"at":              {"DATE", "as if today were DATE", nil},
	"within":          {"DAYS", "include what falls due within DAYS", nil},
	"from":            {"DATE", "first day (default today)", map[string]string{"channel add": "the sender's mail address"}},
	"months":          {"N", "how many months (default 12)", nil},
	"until":           {"DATE", "snooze until DATE", nil},
	"to":              {"KIND:ID-OR-NUMBER", "the record: site:…, credential:…, entity:…, contact:…", map[string]string{"channel add": "the mail addresses to send to (comma-separated)"}},
	"force":           {"", "overwrite an existing file", nil},
	"template-file":   {"FILE", "use this template instead of the vault's copy", nil},
	"builtin":         {"", "use the built-in template, not the vault's copy", nil},
	"facts":           {"TEXT", "the facts to state (情况说明)", nil},
	"request":         {"TEXT", "what is asked for", nil},
	"scenario":        {"NAME", "the recovery scenario the letter is for", nil},
	"agent-name":      {"NAME", "the agent (受托人)", nil},
	"agent-mobile":    {"NUMBER", "the agent's mobile", nil},
	"agent-employer":  {"TEXT", "the agent's employer", nil},
	"agent-position":  {"TEXT", "the agent's position", nil},
	"agent-uscc":      {"CODE", "the agent company's credit code", nil},
	"agent-handler":   {"NAME", "the person the agent company sends (经办人)", nil},
	"addressee":       {"NAME", "the provider's legal name a letter is addressed to (致：); default: the known legal name, else the provider as entered", nil},
	"product-expiry":  {"DATE", "when the provider product carrying the site's access (server, CDN, host) expires", nil},
	"id-expiry":       {"DATE", "when the contact's ID card expires", nil},
	"matter":          {"TEXT", "a 委托事项 (repeat for several)", nil},
	"term-from":       {"DATE", "委托期限 from (YYYY-MM-DD)", nil},
	"term-to":         {"DATE", "委托期限 to (YYYY-MM-DD)", nil},
}

func (d flagDoc) line(cmd string) string {
	if t, ok := d.byCommand[cmd]; ok {
		return t
	}
	return d.text
}

// printCommandHelp writes `beianledger NAME --help`.
func printCommandHelp(w io.Writer, name string, cmd *command) {
	h := helps[name]
	usage := "beianledger " + name
	if h.args != "" {
		usage += " " + h.args
	}
	fmt.Fprintf(w, "usage: %s [flags]\n\n%s\n", usage, cmd.summary)
	for _, k := range h.kinds {
		fmt.Fprintf(w, "  %-11s --%s\n", k[0], strings.ReplaceAll(k[1], " ", " --"))
	}
	row := func(n string) {
		d := flagDocs[n]
		left := "--" + n
		if d.value != "" {
			left += " " + d.value
		}
		fmt.Fprintf(w, "  %-26s %s\n", left, d.line(name))
	}
	if len(h.flags) > 0 {
		fmt.Fprint(w, "\nflags:\n")
		for _, n := range h.flags {
			row(n)
		}
	}
	if h.vault || h.json {
		fmt.Fprint(w, "\ncommon flags:\n")
		if h.vault {
			for _, n := range []string{"vault", "password-file", "identity", "recovery-key-file"} {
				row(n)
			}
		}
		if h.vault {
			row("accept-rollback")
			row("accept-changes")
		}
		if h.write {
			row("lock-timeout")
		}
		if h.json {
			row("json")
		}
	}
	for _, para := range strings.Split(h.note, "\n") {
		if para == "" {
			continue
		}
		fmt.Fprintln(w)
		line := 0
		for _, word := range strings.Fields(para) {
			n := len([]rune(word))
			if line > 0 && line+1+n > 78 {
				fmt.Fprintln(w)
				line = 0
			} else if line > 0 {
				fmt.Fprint(w, " ")
				line++
			}
			fmt.Fprint(w, word)
			line += n
		}
		fmt.Fprintln(w)
	}
}

// wantsHelp reports whether args ask for help (before any "--").
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}
