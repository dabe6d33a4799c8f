package gui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/ledger"
)

func TestAttachCredentialForm(t *testing.T) {
	h := openWith(t, i18n.EN, withCredential("pw-1"))
	u := h.u
	rs := h.openScreen(navCredentials)
	f := h.pick(rs, rs.rows[0].id).(*credForm)
	b := f.attach
	if b.add.Disabled() || len(b.rows) != 0 || !strings.Contains(strings.Join(visibleTexts(b.box), "|"), "No attachments") {
		t.Fatalf("empty section: add disabled %v, %d rows", b.add.Disabled(), len(b.rows))
	}

	// Add: sealed into the vault, listed with name and size.
	scan := bytes.Repeat([]byte{0xff, 0xd8, 0xff, 0xe0, 1, 2, 3}, 3000)
	in := filepath.Join(h.dir, "营业执照.jpg")
	os.WriteFile(in, scan, 0o644)
	b.addAttachment(in)
	u.wait()
	if u.lastError != "" || len(b.rows) != 1 {
		t.Fatalf("add: %d rows, error %q", len(b.rows), u.lastError)
	}
	if l := b.rows[0].label.Text; !strings.Contains(l, "营业执照.jpg") || !strings.Contains(l, "20.5 KiB") || !strings.Contains(l, "2026-11-24") {
		t.Errorf("row: %q", l)
	}
	stored, err := u.store.Attachments(ledger.OwnerCredential, f.id)
	if err != nil || len(stored) != 1 || stored[0].MediaType != "image/jpeg" {
		t.Fatalf("stored: %v %+v", err, stored)
	}
	if f.dirty {
		t.Error("adding an attachment marked the form as edited")
	}

	// Save as: the bytes back, readable by the owner only, over the file
	// the dialog may have created.
	out := filepath.Join(h.dir, "copy.jpg")
	os.WriteFile(out, []byte("created by the dialog"), 0o644)
	b.saveAttachment(b.rows[0].a.ID, out)
	u.wait()
	got, _ := os.ReadFile(out)
	if u.lastError != "" || !bytes.Equal(got, scan) {
		t.Fatalf("save as: equal %v, error %q", bytes.Equal(got, scan), u.lastError)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("saved with mode %v", fi.Mode().Perm())
	}
	if !b.status.Visible() || !strings.Contains(b.status.Text, out) {
		t.Errorf("status %q", b.status.Text)
	}

	// Over the limit: refused before reading, saying the limit; nothing saved.
	big := filepath.Join(h.dir, "big.tif")
	fh, _ := os.Create(big)
	fh.Truncate(ledger.MaxAttachmentSize + 1)
	fh.Close()
	gen := u.v.Generation()
	b.addAttachment(big)
	u.wait()
	if !strings.Contains(u.lastError, "big.tif") || !strings.Contains(u.lastError, "at most 10.0 MiB") {
		t.Errorf("oversize error: %q", u.lastError)
	}
	if len(b.rows) != 1 || u.v.Generation() != gen {
		t.Errorf("oversize changed the vault: %d rows, generation %d → %d", len(b.rows), gen, u.v.Generation())
	}
	u.errDialog.Hide()
	u.lastError = ""

	// Delete asks first; cancel keeps it, OK removes it.
	test.Tap(b.rows[0].del)
	test.Tap(b.confirm.cancel)
	u.wait()
	if len(b.rows) != 1 {
		t.Fatal("cancelled delete removed the attachment")
	}
	test.Tap(b.rows[0].del)
	test.Tap(b.confirm.ok)
	u.wait()
	if u.lastError != "" || len(b.rows) != 0 {
		t.Fatalf("delete: %d rows, error %q", len(b.rows), u.lastError)
	}
	if stored, _ := u.store.Attachments(ledger.OwnerCredential, f.id); len(stored) != 0 {
		t.Errorf("still stored: %+v", stored)
	}

	// A credential not saved yet cannot have attachments.
	nf := h.newForm(rs).(*credForm)
	if !nf.attach.add.Disabled() {
		t.Error("Add enabled on a new credential")
	}
}

func TestAttachSiteDetailAndReadOnly(t *testing.T) {
	h := openWith(t, i18n.ZH, withCredential("pw-1"))
	u := h.u
	d := h.selectFirst()
	b := d.attach
	in := filepath.Join(h.dir, "盖章函.pdf")
	os.WriteFile(in, []byte("%PDF-1.7 盖章"), 0o644)
	b.addAttachment(in)
	u.wait()
	if u.lastError != "" || len(b.rows) != 1 || !strings.Contains(b.status.Text, "已添加 盖章函.pdf") {
		t.Fatalf("add: %d rows, status %q, error %q", len(b.rows), b.status.Text, u.lastError)
	}
	texts := strings.Join(visibleTexts(d.content), "|")
	if !strings.Contains(texts, "附件") || !strings.Contains(texts, "盖章函.pdf") {
		t.Errorf("section not shown: %q", texts)
	}
	siteID := u.main.sites.selected

	// Read-only: the list and Save as… stay, Add and Delete do not.
	u.readOnly = true
	u.main = newMainScreen(u)
	u.setContent(u.main.content)
	u.main.show(navSites)
	u.wait()
	d = h.selectFirst()
	b = d.attach
	if len(b.rows) != 1 || !b.add.Disabled() || !b.rows[0].del.Disabled() || b.rows[0].saveAs.Disabled() {
		t.Fatalf("read-only: %d rows, add disabled %v", len(b.rows), b.add.Disabled())
	}
	b.addAttachment(in)
	b.askDelete(b.rows[0].a)
	u.wait()
	if b.confirm != nil {
		t.Error("delete asked in a read-only vault")
	}
	if l, _ := u.store.Attachments(ledger.OwnerSite, siteID); len(l) != 1 {
		t.Errorf("read-only vault changed: %+v", l)
	}

	// Deleting the site takes its attachments with it.
	u.readOnly = false
	u.main = newMainScreen(u)
	u.setContent(u.main.content)
	u.main.show(navSites)
	u.wait()
	d = h.selectFirst()
	test.Tap(d.del)
	test.Tap(u.main.sites.confirmDel.ok)
	u.wait()
	if l, _ := u.store.Attachments(ledger.OwnerSite, siteID); len(l) != 0 || u.lastError != "" {
		t.Errorf("site deleted, attachments left: %+v %q", l, u.lastError)
	}
}

// TestAttachEntityAndContactForms: the entity form keeps licence scans and
// the contact form ID copies, sealed under their own record.
func TestAttachEntityAndContactForms(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(3))
	u := h.u
	for _, tc := range []struct {
		nav   int
		owner string
		file  string
	}{{navEntities, ledger.OwnerEntity, "营业执照副本.pdf"}, {navContacts, ledger.OwnerContact, "身份证复印件.png"}} {
		rs := h.openScreen(tc.nav)
		id := rs.rows[0].id
		var b *attachBox
		switch f := h.pick(rs, id).(type) {
		case *entityForm:
			b = f.attach
		case *contactForm:
			b = f.attach
		default:
			t.Fatalf("%s: form %T", navKeys[tc.nav], f)
		}
		in := filepath.Join(h.dir, tc.file)
		os.WriteFile(in, []byte("%PDF-1.4 scan of "+tc.file), 0o644)
		b.addAttachment(in)
		u.wait()
		stored, err := u.store.Attachments(tc.owner, id)
		if err != nil || len(stored) != 1 || stored[0].Name != tc.file || len(b.rows) != 1 {
			t.Fatalf("%s: %v %+v, %d rows, error %q", tc.owner, err, stored, len(b.rows), u.lastError)
		}
	}
}
