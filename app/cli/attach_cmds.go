package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"beianledger/internal/safefile"
	"beianledger/ledger"
)

// ---- attach: small sealed files kept with a record

// attachOwner resolves --to KIND:REF to an owner kind and record id. A site
// is found by filing number, domain or id; a credential by id, id prefix
// or login; an entity by id, name or filing number; a contact by id.
func (c *ctx) attachOwner(st ledger.Reader) (kind, id, label string, err error) {
	spec := strings.TrimSpace(c.str("to"))
	kind, ref, ok := strings.Cut(spec, ":")
	if spec == "" || !ok || strings.TrimSpace(ref) == "" {
		return "", "", "", usagef("give the record with --to KIND:ID-OR-NUMBER (KIND is %s)", strings.Join(ledger.AttachmentOwners, ", "))
	}
	ref = strings.TrimSpace(ref)
	switch kind {
	case ledger.OwnerSite:
		s, err := st.FindSite(ref)
		return kind, s.ID, s.Number + " " + s.Name, err
	case ledger.OwnerCredential:
		cr, err := findCredential(st, ref)
		return kind, cr.ID, cr.System + " " + cr.Login, err
	case ledger.OwnerEntity:
		e, err := findEntity(st, ref)
		return kind, e.ID, e.Name, err
	case ledger.OwnerContact:
		ct, err := st.Contact(ref)
		return kind, ct.ID, ct.Name, err
	}
	return "", "", "", usagef("cannot attach to a %q: KIND is %s", kind, strings.Join(ledger.AttachmentOwners, ", "))
}

func cmdAttachAdd(c *ctx) error {
	if err := c.only("to"); err != nil {
		return err
	}
	if len(c.args) == 0 {
		return usagef("attach add needs --to KIND:ID-OR-NUMBER and one or more FILEs")
	}
	// Check every file before opening the vault: one too large refuses
	// them all and changes nothing.
	for _, p := range c.args {
		fi, err := os.Stat(p)
		if err != nil {
			return err
		}
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file", p)
		}
		if err := ledger.CheckAttachmentSize(filepath.Base(p), fi.Size()); err != nil {
			return err
		}
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	st := v.Store()
	kind, id, label, err := c.attachOwner(st)
	if err != nil {
		return err
	}
	var added []ledger.Attachment
	err = st.Write(func(w ledger.Writer) error {
		added = added[:0]
		for _, p := range c.args {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			a := ledger.Attachment{OwnerKind: kind, OwnerID: id, Name: filepath.Base(p)}
			err = w.PutAttachment(&a, data)
			wipe(data)
			if err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			added = append(added, a)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if c.json {
		return c.printJSON(added)
	}
	for _, a := range added {
		fmt.Fprintf(c.out(), "%s\t%s\t%s\n", a.ID, termSafe(a.Name), ledger.FormatSize(a.Size))
	}
	fmt.Fprintf(c.env.Stderr, "已附加 %[1]d 个文件 / attached %[1]d file(s) to %[2]s %[3]s\n", len(added), kind, label)
	return nil
}

func cmdAttachList(c *ctx) error {
	if err := c.only("to"); err != nil {
		return err
	}
	if len(c.args) != 0 {
		return usagef("attach list takes no arguments, only --to KIND:ID-OR-NUMBER")
	}
	v, err := c.open(true)
	if err != nil {
		return err
	}
	st := v.Store()
	kind, id, _, err := c.attachOwner(st)
	if err != nil {
		return err
	}
	list, err := st.Attachments(kind, id)
	if err != nil {
		return err
	}
	if c.json {
		if list == nil {
			list = []ledger.Attachment{}
		}
		return c.printJSON(list)
	}
	tw := newTable(c.out())
	fmt.Fprintln(tw, "编号 ID\t文件名 NAME\t类型 TYPE\t大小 SIZE\t添加 ADDED")
	for _, a := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", termSafe(a.ID), termSafe(a.Name), termSafe(a.MediaType), ledger.FormatSize(a.Size), ledger.DateOf(a.CreatedAt))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stderr, "共 %[1]d 个附件 / %[1]d attachments\n", len(list))
	return nil
}

func cmdAttachGet(c *ctx) error {
	if err := c.only("out", "force"); err != nil {
		return err
	}
	if len(c.args) != 1 || c.str("out") == "" {
		return usagef("attach get needs one ATTACHMENT-ID and --out FILE")
	}
	out := c.str("out")
	if !c.flag("force") {
		if _, err := os.Lstat(out); err == nil {
			return fmt.Errorf("%s already exists; not overwriting it (use --force)", out)
		}
	}
	v, err := c.open(true)
	if err != nil {
		return err
	}
	data, err := v.Store().OpenAttachment(c.args[0])
	if err != nil {
		return err
	}
	defer wipe(data)
	if err := writeAttachmentFile(out, data, c.flag("force")); err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stderr, "已写入 / wrote %s (%s)\n", out, ledger.FormatSize(int64(len(data))))
	return nil
}

// writeAttachmentFile writes opened attachment content readable by the
// owner only (0600), as a new file renamed into place. Without force an
// existing file (or link) is never replaced; with force a regular file is.
func writeAttachmentFile(path string, data []byte, force bool) error {
	if !force {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%s already exists; not overwriting it (use --force)", path)
		}
	}
	return safefile.Write(path, data)
}

func cmdAttachRemove(c *ctx) error {
	if err := c.only(); err != nil {
		return err
	}
	if len(c.args) != 1 {
		return usagef("attach rm needs one ATTACHMENT-ID")
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	st := v.Store()
	if err := st.Write(func(w ledger.Writer) error { return w.Delete("attachment", c.args[0]) }); err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stderr, "已删除附件 / removed attachment %s\n", c.args[0])
	return nil
}
