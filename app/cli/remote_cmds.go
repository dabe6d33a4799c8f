package cli

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"beianledger/app/i18n"
	"beianledger/vault"
)

// davCredentials asks on the terminal for a share's user name and password
// (no echo) when BEIANLEDGER_WEBDAV_USER/_PASSWORD are not set.
func (c *ctx) davCredentials(location string) (string, string, error) {
	if c.env.IsTerminal == nil || !c.env.IsTerminal() || c.env.ReadPassword == nil {
		return "", "", fmt.Errorf("%w: the share wants a user name and password (set %s and %s)", errNoSecret, vault.WebDAVUserEnv, vault.WebDAVPasswordEnv)
	}
	user := c.env.Getenv(vault.WebDAVUserEnv)
	if user == "" {
		fmt.Fprintf(c.env.Stderr, "%s\nWebDAV 用户名 / user name: ", location)
		line, err := bufio.NewReader(c.env.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", "", fmt.Errorf("%w: %v", errNoSecret, err)
		}
		user = strings.TrimSpace(line)
	}
	p, err := c.env.ReadPassword("WebDAV 密码（坚果云：应用密码）/ password (坚果云: app password): ")
	if err != nil {
		return "", "", fmt.Errorf("%w: %v", errNoSecret, err)
	}
	defer wipe(p)
	return user, string(p), nil
}

// remoteMessage writes a share's error in Chinese, then English.
func remoteMessage(name string, re *vault.RemoteError) string {
	var b strings.Builder
	for i, l := range i18n.Langs {
		pre := "  "
		if i == 0 {
			pre = "beianledger " + name + ": "
		}
		b.WriteString(pre + i18n.T(l, "webdav.err."+string(re.Kind), re.URL) + "\n")
		if re.Saving {
			b.WriteString("  " + i18n.T(l, "webdav.notSaved") + "\n")
		}
	}
	return b.String()
}

// remote test URL: is the share fit for a vault?
func cmdRemoteTest(c *ctx) error {
	if err := c.only(); err != nil {
		return err
	}
	if len(c.args) != 1 {
		return usagef("remote test needs the vault's address: beianledger remote test https://dav.example.com/dav/台账.beianvault")
	}
	loc := c.args[0]
	if !vault.IsRemote(loc) {
		return usagef("%s is not an https:// address", loc)
	}
	checks, err := vault.TestRemote(loc, vault.Options{Credentials: c.davCredentials})
	if c.json {
		out := struct {
			URL    string              `json:"url"`
			Fit    bool                `json:"fit"`
			Checks []vault.RemoteCheck `json:"checks"`
			Error  string              `json:"error,omitempty"`
		}{URL: loc, Fit: err == nil, Checks: checks}
		if out.Checks == nil {
			out.Checks = []vault.RemoteCheck{}
		}
		if err != nil {
			out.Error = err.Error()
		}
		if perr := c.printJSON(out); perr != nil {
			return perr
		}
		return err
	}
	for _, ch := range checks {
		mark := i18n.T(i18n.ZH, "webdav.test.ok") + "/" + i18n.T(i18n.EN, "webdav.test.ok")
		if !ch.OK {
			mark = i18n.T(i18n.ZH, "webdav.test.fail") + "/" + i18n.T(i18n.EN, "webdav.test.fail")
		}
		line := fmt.Sprintf("[%s] %s / %s", mark, i18n.T(i18n.ZH, "webdav.test."+ch.Step), i18n.T(i18n.EN, "webdav.test."+ch.Step))
		if ch.Detail != "" && ch.OK {
			line += "  (" + ch.Detail + ")"
		}
		fmt.Fprintln(c.out(), line)
	}
	if err != nil {
		fmt.Fprintln(c.out(), i18n.T(i18n.ZH, "webdav.test.bad")+"\n"+i18n.T(i18n.EN, "webdav.test.bad"))
		return err
	}
	fmt.Fprintln(c.out(), i18n.T(i18n.ZH, "webdav.test.good")+"\n"+i18n.T(i18n.EN, "webdav.test.good"))
	return nil
}

// offline warns when a vault on a share was opened from the copy on this
// computer: a reader sees that copy; a writer's changes are saved there
// and wait for the share.
func (c *ctx) offline(v *vault.Vault, readOnly bool) error {
	off := v.Offline()
	if off == nil {
		return nil
	}
	var cause *vault.RemoteError
	errors.As(off, &cause)
	key := "webdav.offlineWarning"
	if !readOnly {
		key = "webdav.offlineWriter"
	}
	for _, l := range i18n.Langs {
		c.warnf("%s", i18n.T(l, key, v.Location(), i18n.T(l, "webdav.err."+string(cause.Kind), v.Location())))
	}
	return nil
}

// waiting says how many changes wait on this computer for the share.
func (c *ctx) waiting(v *vault.Vault) {
	if v == nil || !v.Remote() {
		return
	}
	if n := v.Pending(); n > 0 {
		for _, l := range i18n.Langs {
			c.warnf("%s", i18n.T(l, "webdav.pending", n, v.Location()))
		}
	}
}
