package cli

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"

	"beianledger/ledger/policy"
	"beianledger/vault"
)

func cmdVersion(c *ctx) error {
	if err := c.only(); err != nil {
		return err
	}
	if c.json {
		return c.printJSON(map[string]any{"version": Version, "format": vault.FormatVersion, "schema": vault.SchemaVersion()})
	}
	fmt.Fprintf(c.out(), "beianledger %s (vault format %d, schema %d)\n", Version, vault.FormatVersion, vault.SchemaVersion())
	return nil
}

func defaultLabel() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username + " (管理员 administrator)"
	}
	return "管理员 administrator"
}

func cmdInit(c *ctx) error {
	if err := c.only("label", "argon2-time", "argon2-memory", "argon2-threads"); err != nil {
		return err
	}
	if err := c.needVault(); err != nil {
		return err
	}
	if _, err := os.Stat(c.vaultPath); err == nil {
		return fmt.Errorf("%s already exists; not overwriting it", c.vaultPath)
	}
	kdf, err := c.kdf()
	if err != nil {
		return err
	}
	p, err := c.secret("BEIANLEDGER_PASSWORD", true, "新口令 / new passphrase: ", true)
	if err != nil {
		return err
	}
	label := c.str("label")
	if label == "" {
		label = defaultLabel()
	}
	v, err := vault.Create(c.vaultPath, vault.NewPassphrase(p, kdf), label, c.options(false))
	if err != nil {
		return err
	}
	c.opened = v
	fmt.Fprintf(c.out(), "已创建保险库 / created %s (vault %s, %v)\n", c.vaultPath, v.UUID(), kdf)
	return nil
}

func cmdVerify(c *ctx) error {
	if err := c.only(); err != nil {
		return err
	}
	v, err := c.open(true)
	if err != nil {
		return err
	}
	rep, err := v.Verify()
	last := v.LoadedFrom()
	// Copies a sync tool made beside the vault hold someone's changes.
	copies, _ := vault.ConflictCopies(c.vaultPath)
	if copies == nil {
		copies = []string{}
	}
	if c.json {
		if jerr := c.printJSON(struct {
			vault.VerifyReport
			LastSave       vault.SaveInfo `json:"last_save"`
			ConflictCopies []string       `json:"conflict_copies"`
		}{rep, last, copies}); jerr != nil {
			return jerr
		}
	} else if err == nil {
		fmt.Fprintf(c.out(), "ok: %s, version %d, %d key slots, %d bytes of database, integrity check passed\n",
			c.vaultPath, rep.Generation, rep.Slots, rep.DatabaseBytes)
		fmt.Fprintln(c.out(), lastSaveLine(last))
	}
	for _, p := range copies {
		fmt.Fprintf(c.env.Stderr, "同步冲突副本 / sync conflict copy: %s — 合并 / merge it: beianledger merge %q\n", filepath.Base(p), p)
	}
	return err
}

func cmdKeygen(c *ctx) error {
	if err := c.only("out", "argon2-time", "argon2-memory", "argon2-threads"); err != nil {
		return err
	}
	out := c.str("out")
	if out == "" {
		return usagef("keygen needs --out IDENTITY-FILE")
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s already exists; not overwriting a key file", out)
	}
	kdf, err := c.kdf()
	if err != nil {
		return err
	}
	p, err := c.secret("BEIANLEDGER_PASSWORD", true, "身份文件的新口令 / new identity passphrase: ", true)
	if err != nil {
		return err
	}
	id := vault.GenerateIdentity()
	data, err := vault.MarshalIdentity(id, p, kdf)
	wipe(p)
	if err != nil {
		return err
	}
	if err := writeNew(out, data, 0o600); err != nil {
		return err
	}
	fmt.Fprintln(c.out(), id.Recipient())
	fmt.Fprintf(c.env.Stderr, "已写入 %[1]s；请把上面一行（公开的接收方）交给保险库管理员 / wrote %[1]s; give the line above (the public recipient) to the vault's administrator\n", out)
	return nil
}

func cmdAccessList(c *ctx) error {
	if err := c.only(); err != nil {
		return err
	}
	v, err := c.open(true)
	if err != nil {
		return err
	}
	slots := v.Slots()
	if c.json {
		return c.printJSON(slots)
	}
	tw := newTable(c.out())
	fmt.Fprintln(tw, "ID\tTYPE\tLABEL\tCREATED\tDETAIL")
	for _, s := range slots {
		detail := s.KDF
		if s.Recipient != "" {
			detail = s.Recipient
		}
		mark := ""
		if s.InUse {
			mark = " *"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s%s\t%s\t%s\n", s.ID[:8], s.Type, termSafe(s.Label), mark, s.Created.Local().Format("2006-01-02"), detail)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintln(c.out(), lastSaveLine(v.LoadedFrom()))
	return err
}

// lastSaveLine says which way in signed the file as it was opened.
func lastSaveLine(s vault.SaveInfo) string {
	if !s.Signed {
		return fmt.Sprintf("last saved %s, version %d, in the old unsigned format (signed on the next save)", s.SavedAt.Local().Format("2006-01-02 15:04"), s.Generation)
	}
	return fmt.Sprintf("last saved %s, version %d, signed by %q (%s)", s.SavedAt.Local().Format("2006-01-02 15:04"), s.Generation, termSafe(s.SavedBy), s.SlotID[:8])
}

func cmdAddPassphrase(c *ctx) error {
	if err := c.only("label", "argon2-time", "argon2-memory", "argon2-threads"); err != nil {
		return err
	}
	label := c.str("label")
	if label == "" {
		return usagef("add-passphrase needs --label NAME (who this passphrase is for)")
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	kdf, err := c.kdf()
	if err != nil {
		return err
	}
	p, err := c.secret("BEIANLEDGER_NEW_PASSWORD", false, "新口令 / new passphrase: ", true)
	if err != nil {
		return err
	}
	s, err := v.AddKey(vault.NewPassphrase(p, kdf), label)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "已添加口令访问方式 / added passphrase slot %s %q\n", s.ID[:8], s.Label)
	return nil
}

// cmdChangePassphrase gives the passphrase this session opened with a new
// value. The current one is asked again (a terminal left unlocked is not
// enough to change it); on BEIANLEDGER_PASSWORD or --password-file it is
// read from there again.
func cmdChangePassphrase(c *ctx) error {
	if err := c.only(argon2Flags...); err != nil {
		return err
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	old, err := c.secret("BEIANLEDGER_PASSWORD", true, "当前口令 / current passphrase: ", false)
	if err != nil {
		return err
	}
	p, err := c.secret("BEIANLEDGER_NEW_PASSWORD", false, "新口令 / new passphrase: ", true)
	if err != nil {
		wipeBytes(old)
		return err
	}
	if score, log10 := policy.PassphraseScore(string(p), vaultWord(c.vaultPath)); score < policy.MinPassphraseScore {
		wipeBytes(old)
		wipeBytes(p)
		return usagef("新口令太弱：约 10^%.0f 次可猜出，至少要 10^8（zxcvbn 3 分）；请用几个不相关的词或一句话。/ the new passphrase is too weak: about 10^%.0f guesses, at least 10^8 needed (zxcvbn score 3); use several unrelated words or a sentence", log10, log10)
	}
	kdf, err := c.kdf()
	if err != nil {
		wipeBytes(old)
		wipeBytes(p)
		return err
	}
	s, err := v.ChangePassphrase(vault.NewPassphrase(old, kdf), vault.NewPassphrase(p, kdf))
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "已更改访问方式 %[1]s %[2]q 的口令：旧口令不再能打开这个保险库（文件的旧副本仍可用旧口令打开）\nchanged the passphrase of slot %[1]s %[2]q; the old passphrase no longer opens this vault (older copies of the file still open with it)\n", s.ID[:8], termSafe(s.Label))
	return nil
}

// vaultWord is the vault file's name without its extension: a word anyone
// who sees the file can guess.
func vaultWord(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

func wipeBytes(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

func cmdAddRecipient(c *ctx) error {
	if err := c.only("label", "recipient"); err != nil {
		return err
	}
	label := c.str("label")
	if label == "" || c.str("recipient") == "" {
		return usagef("add-recipient needs --label NAME and --recipient PUBLIC-KEY")
	}
	r, err := vault.ParseRecipient(c.str("recipient"))
	if err != nil {
		return usagef("%v", err)
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	s, err := v.AddRecipient(r, label)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "已添加备用联系人访问方式 / added recipient slot %s %q\n", s.ID[:8], s.Label)
	return nil
}

func cmdAddRecoveryKey(c *ctx) error {
	if err := c.only("out", "label"); err != nil {
		return err
	}
	out := c.str("out")
	if out == "" {
		return usagef("add-recovery-key needs --out FILE (the key is written there once)")
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s already exists; not overwriting a key file", out)
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	label := c.str("label")
	if label == "" {
		label = "恢复密钥 recovery key"
	}
	rk := vault.NewRecoveryKey()
	text := fmt.Sprintf("# 备案台账恢复密钥 Beian Ledger recovery key\n# vault %s\n# 请打印后与应急包一起锁好保存。Print it and keep it with the emergency kit.\n%s\n", v.UUID(), rk)
	// Write the key first: a slot whose key was never written down would
	// be a way in nobody has.
	if err := writeNew(out, []byte(text), 0o600); err != nil {
		return err
	}
	s, err := v.AddKey(rk, label)
	if err != nil {
		os.Remove(out)
		return err
	}
	fmt.Fprintf(c.out(), "已添加恢复密钥 %[1]s，密钥在 %[2]s：请打印出来，然后删除该文件\nadded recovery-key slot %[1]s; the key is in %[2]s — print it, then delete the file\n", s.ID[:8], out)
	return nil
}

func cmdAccessRemove(c *ctx) error {
	if err := c.only(); err != nil {
		return err
	}
	if len(c.args) != 1 {
		return usagef("access remove needs one SLOT-ID-OR-LABEL")
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	s, err := v.FindSlot(c.args[0])
	if err != nil {
		return err
	}
	removed, flagged, err := v.RemoveSlot(s.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "已移除%[1]s访问方式 %[2]q，主密钥已轮换：此后保存的副本它都打不开\nremoved %[1]s slot %[2]q; the master key was rotated, so copies saved from now on are closed to it\n", removed.Type, removed.Label)
	fmt.Fprintf(c.out(), "%[1]d 个账号已标记为“立即更换密码”：持有该访问方式的人能读到它们的密码（见 `beianledger due`）\n%[1]d credentials marked \"rotate now\": whoever held that way in could read their passwords (see `beianledger due`)\n", flagged)
	return nil
}

func cmdBackupsList(c *ctx) error {
	if err := c.only(); err != nil {
		return err
	}
	if err := c.needVault(); err != nil {
		return err
	}
	list, err := vault.ListBackups(c.vaultPath)
	if err != nil {
		return err
	}
	if c.json {
		if list == nil {
			list = []vault.Backup{}
		}
		return c.printJSON(list)
	}
	if len(list) == 0 {
		fmt.Fprintf(c.out(), "%[1]s 旁边没有备份 / no backups beside %[1]s\n", c.vaultPath)
		return nil
	}
	tw := newTable(c.out())
	fmt.Fprintln(tw, "N\tVERSION\tSAVED\tSIZE\tSTATE")
	for _, b := range list {
		state := "ok"
		if !b.Readable {
			state = "damaged"
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%d\t%s\n", b.N, b.Generation, b.SavedAt.Local().Format("2006-01-02 15:04:05"), b.Size, state)
	}
	return tw.Flush()
}

func cmdBackupsRestore(c *ctx) error {
	if err := c.only(); err != nil {
		return err
	}
	if len(c.args) != 1 {
		return usagef("backups restore needs the backup number N (see backups list)")
	}
	n, err := strconv.Atoi(c.args[0])
	if err != nil {
		return usagef("backup number %q is not a number", c.args[0])
	}
	if err := c.needVault(); err != nil {
		return err
	}
	k, err := c.key()
	if err != nil {
		return err
	}
	b, err := vault.RestoreBackup(c.vaultPath, n, k, c.options(false))
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "已把第 %[1]d 版（保存于 %[2]s）恢复到 %[3]s；被替换的文件保留在备份中\nrestored version %[1]d (saved %[2]s) to %[3]s; the replaced file is kept among the backups\n",
		b.Generation, b.SavedAt.Local().Format("2006-01-02 15:04:05"), c.vaultPath)
	return nil
}
