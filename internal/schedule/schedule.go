// Package schedule registers the daily unattended `beianledger notify` run
// of one vault: a key slot of its own labelled "scheduler@HOST", its key in
// the OS keyring (Secret Service, Windows Credential Manager, macOS
// Keychain) or else in a 0600 file in the user's config folder, and the
// system's own scheduler — a systemd user timer on Linux, a launchd agent
// on macOS, a Task Scheduler task on Windows. The CLI (`schedule install`)
// and the window (Settings → Notifications) both use it. No passphrase is
// ever written down; the administrator sees the slot like any other and
// can revoke it.
package schedule

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"beianledger/internal/safefile"
	"beianledger/vault"
)

// DefaultTime is a few minutes past nine: 飞书 asks robots to avoid the
// exact hour and half hour (error 11232).
const DefaultTime = "09:07"

// SlotPrefix starts the label of every scheduler slot.
const SlotPrefix = "scheduler@"

// timeRE is HH:MM, 24-hour.
var timeRE = regexp.MustCompile(`^([01][0-9]|2[0-3]):([0-5][0-9])$`)

// ValidTime reports whether at is HH:MM (24-hour).
func ValidTime(at string) bool { return timeRE.MatchString(at) }

// Where the scheduler key is kept.
const (
	StoreAuto    = "auto"    // the OS keyring if it answers, else the file
	StoreKeyring = "keyring" // the OS keyring or fail
	StoreFile    = "file"    // a 0600 file in the user's config folder
)

// Env is the system the schedule is made for. Zero fields mean this one.
type Env struct {
	Getenv func(string) string
	GOOS   string
	// Exe is the program the scheduler runs (default: this one).
	Exe string
	// Keyring is the OS keyring (default: the system's, see OSKeyring).
	Keyring Keyring
	// Run runs a system command (systemctl, launchctl, schtasks).
	Run func(name string, args ...string) ([]byte, error)
	// Host names the slot (default: os.Hostname).
	Host string
}

func (e Env) getenv(k string) string {
	if e.Getenv != nil {
		return e.Getenv(k)
	}
	return os.Getenv(k)
}

func (e Env) goos() string {
	if e.GOOS != "" {
		return e.GOOS
	}
	return runtime.GOOS
}

func (e Env) keyring() Keyring {
	if e.Keyring != nil {
		return e.Keyring
	}
	return OSKeyring()
}

func (e Env) run(name string, args ...string) ([]byte, error) {
	if e.Run != nil {
		return e.Run(name, args...)
	}
	return exec.Command(name, args...).CombinedOutput()
}

// SlotLabel is "scheduler@HOST" for this computer.
func (e Env) SlotLabel() string {
	h := e.Host
	if h == "" {
		h, _ = os.Hostname()
	}
	if h == "" {
		h = "this-machine"
	}
	return SlotPrefix + h
}

// Paths are the files of one vault's schedule.
type Paths struct {
	Key, Service, Timer, Unit string
	// macOS: the launchd agent's property list, its label and log file
	Plist, Label, Log string
	// KeyringUser is the account name of the key in the OS keyring.
	KeyringUser string
}

func configDir(e Env) (string, error) {
	goos := e.goos()
	if d := e.getenv("XDG_CONFIG_HOME"); goos == "linux" && filepath.IsAbs(d) {
		return d, nil
	}
	if h := e.getenv("HOME"); goos == "linux" && h != "" {
		return filepath.Join(h, ".config"), nil
	}
	if h := e.getenv("HOME"); goos == "darwin" && filepath.IsAbs(h) {
		return filepath.Join(h, "Library", "Application Support"), nil
	}
	return os.UserConfigDir()
}

// PathsFor are the schedule's files for the vault uuid.
func PathsFor(e Env, uuid string) (Paths, error) {
	if len(uuid) < 8 {
		return Paths{}, fmt.Errorf("bad vault id %q", uuid)
	}
	dir, err := configDir(e)
	if err != nil {
		return Paths{}, fmt.Errorf("no config folder for the scheduler key: %v", err)
	}
	unit := "beianledger-notify-" + uuid[:8]
	p := Paths{
		Key:         filepath.Join(dir, "beianledger", "scheduler-"+uuid+".key"),
		Service:     filepath.Join(dir, "systemd", "user", unit+".service"),
		Timer:       filepath.Join(dir, "systemd", "user", unit+".timer"),
		Unit:        unit,
		Label:       "cn.beianledger.notify-" + uuid[:8],
		KeyringUser: "scheduler-" + uuid,
	}
	if h := e.getenv("HOME"); e.goos() == "darwin" && filepath.IsAbs(h) {
		p.Plist = filepath.Join(h, "Library", "LaunchAgents", p.Label+".plist")
		p.Log = filepath.Join(h, "Library", "Logs", unit+".log")
	}
	return p, nil
}

// ErrInstalled: this vault already has a schedule on this computer.
var ErrInstalled = errors.New("a schedule is already installed")

// Options of Install.
type Options struct {
	// At is the time of day, HH:MM (default DefaultTime).
	At string
	// KeyStore is StoreAuto (default), StoreKeyring or StoreFile.
	KeyStore string
	// DryRun writes the files but registers nothing with the system.
	DryRun bool
}

// Installed is what Install did.
type Installed struct {
	Slot vault.SlotInfo
	// KeyIn is StoreKeyring or StoreFile; KeyFile the file when StoreFile.
	KeyIn, KeyFile string
	// KeyringErr says why the keyring was not used (StoreAuto fell back).
	KeyringErr error
	// Args is the command the scheduler runs.
	Args []string
	// Wrote are the files written (units, plist).
	Wrote []string
	// Registered: the system scheduler took it (timer enabled, agent
	// loaded, task created).
	Registered bool
	// Manual holds commands the user must run by hand: always for a
	// crontab line, else when registering failed (RegisterErr) or in a
	// dry run.
	Manual      []string
	RegisterErr string
}

// Install adds the scheduler slot to v (open for writing), keeps its key
// and registers the daily run of `notify` for vaultPath.
func Install(v *vault.Vault, vaultPath string, e Env, o Options) (Installed, error) {
	var res Installed
	at := o.At
	if at == "" {
		at = DefaultTime
	}
	if !ValidTime(at) {
		return res, fmt.Errorf("bad time %q: want HH:MM", at)
	}
	if vault.IsRemote(vaultPath) {
		return res, fmt.Errorf("a WebDAV vault cannot be scheduled: the daily run would need the share's password in clear")
	}
	abs, err := filepath.Abs(vaultPath)
	if err != nil {
		return res, err
	}
	exe := e.Exe
	if exe == "" {
		if exe, err = os.Executable(); err != nil {
			return res, fmt.Errorf("cannot find this program's path: %v", err)
		}
	}
	p, err := PathsFor(e, v.UUID())
	if err != nil {
		return res, err
	}
	label := e.SlotLabel()
	for _, s := range v.Slots() {
		if s.Label == label {
			return res, fmt.Errorf("%w (slot %q)", ErrInstalled, label)
		}
	}
	if _, err := os.Stat(p.Key); err == nil {
		return res, fmt.Errorf("%w (%s exists)", ErrInstalled, p.Key)
	}
	rk := vault.NewRecoveryKey()
	store := o.KeyStore
	if store == "" {
		store = StoreAuto
	}
	res.KeyIn = StoreFile
	if store == StoreAuto || store == StoreKeyring {
		kerr := e.keyring().Set(KeyringService, p.KeyringUser, rk.String())
		if kerr == nil {
			// Read it back: a keyring that drops what it is given is
			// no place for the only copy.
			got, gerr := e.keyring().Get(KeyringService, p.KeyringUser)
			if gerr != nil || got != rk.String() {
				kerr = fmt.Errorf("the keyring did not give the key back: %v", gerr)
				e.keyring().Delete(KeyringService, p.KeyringUser)
			}
		}
		switch {
		case kerr == nil:
			res.KeyIn = StoreKeyring
		case store == StoreKeyring:
			return res, fmt.Errorf("OS keyring: %w", kerr)
		default:
			res.KeyringErr = kerr
		}
	}
	args := []string{exe, "notify", "--vault", abs}
	if res.KeyIn == StoreKeyring {
		args = append(args, "--scheduler-keyring")
	} else {
		if err := os.MkdirAll(filepath.Dir(p.Key), 0o700); err != nil {
			return res, err
		}
		text := fmt.Sprintf("# 备案台账定时提醒的专用密钥（可在“访问方式”中撤销） Beian Ledger scheduler key (revocable in access list)\n# vault %s\n%s\n", v.UUID(), rk)
		if err := safefile.WriteNew(p.Key, []byte(text), 0o600); err != nil {
			return res, err
		}
		res.KeyFile = p.Key
		args = append(args, "--recovery-key-file", p.Key)
	}
	undoKey := func() {
		if res.KeyIn == StoreKeyring {
			e.keyring().Delete(KeyringService, p.KeyringUser)
		} else {
			os.Remove(p.Key)
		}
	}
	slot, err := v.AddKey(rk, label)
	if err != nil {
		undoKey()
		return res, err
	}
	res.Slot, res.Args = slot, args
	if err := register(&res, p, e, at, o.DryRun); err != nil {
		return res, err
	}
	return res, nil
}

// register hands the run to the system's scheduler.
func register(res *Installed, p Paths, e Env, at string, dry bool) error {
	switch e.goos() {
	case "windows":
		create := SchtasksCreate(p.Unit, at, res.Args)
		if dry {
			res.Manual = append(res.Manual, CommandLine(create))
			return nil
		}
		if out, err := e.run(create[0], create[1:]...); err != nil {
			res.RegisterErr = strings.TrimSpace(fmt.Sprintf("%v %s", err, out))
			res.Manual = append(res.Manual, CommandLine(create))
			return nil
		}
		res.Registered = true
		return nil
	case "darwin":
		if p.Plist != "" {
			return installLaunchd(res, p, e, at, dry)
		}
	case "linux":
		return installSystemd(res, p, e, at, dry)
	}
	res.Manual = append(res.Manual, fmt.Sprintf("%s %s * * * %s", at[3:], at[:2], ShellJoin(res.Args)))
	return nil
}

func installSystemd(res *Installed, p Paths, e Env, at string, dry bool) error {
	if err := os.MkdirAll(filepath.Dir(p.Service), 0o755); err != nil {
		return err
	}
	service := fmt.Sprintf(`[Unit]
Description=Beian Ledger: send due filing reminders
Documentation=https://github.com/beianledger/beianledger/blob/main/docs/notify.md
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
ExecStart=%s
# The scheduler key opens only this vault; nothing else is needed.
NoNewPrivileges=yes
`, SystemdJoin(res.Args))
	timer := fmt.Sprintf(`[Unit]
Description=Beian Ledger: daily filing reminders at %s

[Timer]
OnCalendar=*-*-* %s:00
Persistent=true
Unit=%s.service

[Install]
WantedBy=timers.target
`, at, at, p.Unit)
	if err := os.WriteFile(p.Service, []byte(service), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(p.Timer, []byte(timer), 0o644); err != nil {
		return err
	}
	res.Wrote = append(res.Wrote, p.Service, p.Timer)
	enable := [][]string{{"systemctl", "--user", "daemon-reload"}, {"systemctl", "--user", "enable", "--now", p.Unit + ".timer"}}
	manual := []string{strings.Join(enable[0], " "), strings.Join(enable[1], " ")}
	if dry {
		res.Manual = append(res.Manual, manual...)
		return nil
	}
	for _, cmd := range enable {
		if out, err := e.run(cmd[0], cmd[1:]...); err != nil {
			res.RegisterErr = strings.TrimSpace(fmt.Sprintf("%s: %v %s", strings.Join(cmd, " "), err, out))
			res.Manual = append(res.Manual, manual...)
			return nil
		}
	}
	res.Registered = true
	return nil
}

func installLaunchd(res *Installed, p Paths, e Env, at string, dry bool) error {
	if err := os.MkdirAll(filepath.Dir(p.Plist), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p.Plist, LaunchdPlist(p.Label, at, res.Args, p.Log), 0o644); err != nil {
		return err
	}
	res.Wrote = append(res.Wrote, p.Plist)
	load := []string{"launchctl", "bootstrap", launchdDomain(), p.Plist}
	if dry {
		res.Manual = append(res.Manual, ShellJoin(load))
		return nil
	}
	if out, err := e.run(load[0], load[1:]...); err != nil {
		res.RegisterErr = strings.TrimSpace(fmt.Sprintf("%s: %v %s", strings.Join(load, " "), err, out))
		res.Manual = append(res.Manual, ShellJoin(load))
		return nil
	}
	res.Registered = true
	return nil
}

// launchdDomain is the logged-in user's launchd domain.
func launchdDomain() string { return "gui/" + strconv.Itoa(os.Getuid()) }

// State is what Status finds of one vault's schedule on this computer.
type State struct {
	// Slot is the scheduler slot of this computer ("" if none).
	SlotID, SlotLabel string
	Paths             Paths
	// KeyIn is StoreKeyring or StoreFile where the key was found, "" if
	// it is nowhere.
	KeyIn string
	// Timer, Plist: the unit or agent file exists.
	Timer, Plist bool
	// Time is the time of day the timer or agent names ("" unknown).
	Time string
	// Enabled is `systemctl --user is-enabled`'s answer ("" unknown).
	Enabled string
}

// Installed reports whether a schedule seems to be in place: a slot and
// its key.
func (s State) Installed() bool { return s.SlotID != "" && s.KeyIn != "" }

var onCalendarRE = regexp.MustCompile(`OnCalendar=\*-\*-\* ([0-9]{2}:[0-9]{2}):00`)

// Status looks for the schedule of the vault uuid with slots.
func Status(uuid string, slots []vault.SlotInfo, e Env) (State, error) {
	var s State
	p, err := PathsFor(e, uuid)
	if err != nil {
		return s, err
	}
	s.Paths = p
	label := e.SlotLabel()
	for _, sl := range slots {
		if sl.Label == label {
			s.SlotID, s.SlotLabel = sl.ID, sl.Label
		}
	}
	if _, err := os.Stat(p.Key); err == nil {
		s.KeyIn = StoreFile
	} else if s.SlotID != "" {
		if k, err := e.keyring().Get(KeyringService, p.KeyringUser); err == nil && k != "" {
			s.KeyIn = StoreKeyring
		}
	}
	if data, err := os.ReadFile(p.Timer); err == nil {
		s.Timer = true
		if m := onCalendarRE.FindSubmatch(data); m != nil {
			s.Time = string(m[1])
		}
	}
	if p.Plist != "" {
		if data, err := os.ReadFile(p.Plist); err == nil {
			s.Plist = true
			if h, m, ok := plistTime(data); ok {
				s.Time = fmt.Sprintf("%02d:%02d", h, m)
			}
		}
	}
	if e.goos() == "linux" && s.Timer {
		if out, err := e.run("systemctl", "--user", "is-enabled", p.Unit+".timer"); err == nil {
			s.Enabled = strings.TrimSpace(string(out))
		}
	}
	return s, nil
}

// Removed is what Remove did.
type Removed struct {
	// Slot is the revoked slot ("" ID if there was none).
	Slot vault.SlotInfo
	// Flagged counts the credentials flagged for rotation by the
	// revocation's key rotation.
	Flagged int
	Files   []string
}

// Remove unregisters the run, deletes the key (file and keyring) and
// revokes this computer's scheduler slot of v (open for writing).
func Remove(v *vault.Vault, e Env, dry bool) (Removed, error) {
	var r Removed
	p, err := PathsFor(e, v.UUID())
	if err != nil {
		return r, err
	}
	if !dry {
		switch e.goos() {
		case "linux":
			e.run("systemctl", "--user", "disable", "--now", p.Unit+".timer") // absent or no session: the files go anyway
		case "darwin":
			if p.Plist != "" {
				e.run("launchctl", "bootout", launchdDomain()+"/"+p.Label)
			}
		case "windows":
			e.run("schtasks", "/Delete", "/F", "/TN", p.Unit)
		}
	}
	keyFile := false
	for _, f := range []string{p.Timer, p.Service, p.Plist, p.Key} {
		if f == "" {
			continue
		}
		if err := os.Remove(f); err == nil {
			r.Files = append(r.Files, f)
			keyFile = keyFile || f == p.Key
		} else if !errors.Is(err, fs.ErrNotExist) {
			return r, err
		}
	}
	label := e.SlotLabel()
	for _, s := range v.Slots() {
		if s.Label != label || s.InUse {
			continue
		}
		_, flagged, err := v.RemoveSlot(s.ID)
		if err != nil {
			return r, err
		}
		r.Slot, r.Flagged = s, flagged
	}
	if !keyFile {
		// The key goes from the keyring last: a revocation that failed
		// leaves the run working.
		e.keyring().Delete(KeyringService, p.KeyringUser)
	}
	return r, nil
}

// LoadKey reads the scheduler key of the vault uuid from the OS keyring.
func LoadKey(uuid string, e Env) (vault.Key, error) {
	p, err := PathsFor(e, uuid)
	if err != nil {
		return nil, err
	}
	s, err := e.keyring().Get(KeyringService, p.KeyringUser)
	if err != nil {
		return nil, fmt.Errorf("scheduler key not in the OS keyring (%s/%s): %w", KeyringService, p.KeyringUser, err)
	}
	return vault.ParseRecoveryKey(strings.TrimSpace(s))
}
