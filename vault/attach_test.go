package vault

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"beianledger/ledger"
	"beianledger/ledger/demo"
)

// attachFixture is a vault with one entity, site, credential and contact.
func attachFixture(t *testing.T) (v *Vault, path string, ent ledger.Entity, site ledger.Site, cred ledger.Credential, contact ledger.Contact) {
	t.Helper()
	v, path = newVault(t, t.TempDir())
	err := v.Store().Write(func(w ledger.Writer) error {
		ent = ledger.Entity{Name: "北京示例科技有限公司"}
		if err := w.PutEntity(&ent); err != nil {
			return err
		}
		site = ledger.Site{EntityID: ent.ID, Number: "京ICP备2021012345号-1", Name: "示例官网", Domains: []string{"example.cn"}}
		if err := w.PutSite(&site); err != nil {
			return err
		}
		cred = ledger.Credential{SiteID: site.ID, Login: "admin"}
		if err := w.PutCredential(&cred); err != nil {
			return err
		}
		contact = ledger.Contact{Name: "张三", SiteIDs: []string{site.ID}}
		return w.PutContact(&contact)
	})
	if err != nil {
		t.Fatal(err)
	}
	return
}

func putAttachment(st ledger.Store, a *ledger.Attachment, data []byte) error {
	return st.Write(func(w ledger.Writer) error { return w.PutAttachment(a, data) })
}

func TestAttachmentRoundTripAndReopen(t *testing.T) {
	v, p, _, site, cred, _ := attachFixture(t)
	st := v.Store()
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{0, 1, 2, 0xff}, 1000)...)
	a := ledger.Attachment{OwnerKind: ledger.OwnerCredential, OwnerID: cred.ID, Name: `C:\scans\营业执照.pdf`}
	if err := putAttachment(st, &a, pdf); err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.Name != "营业执照.pdf" || a.Size != int64(len(pdf)) || a.MediaType != "application/pdf" || len(a.SHA256) != 64 {
		t.Fatalf("stored attachment: %+v", a)
	}
	time.Sleep(2 * time.Millisecond)
	b := ledger.Attachment{OwnerKind: ledger.OwnerCredential, OwnerID: cred.ID, Name: "/tmp/letter.txt", MediaType: "text/plain; charset=utf-8"}
	if err := putAttachment(st, &b, []byte("盖章函")); err != nil {
		t.Fatal(err)
	}
	if err := putAttachment(st, &ledger.Attachment{OwnerKind: ledger.OwnerSite, OwnerID: site.ID, Name: "site.png"}, []byte("\x89PNG\r\n\x1a\n")); err != nil {
		t.Fatal(err)
	}
	v.Lock()

	w, err := Open(p, pass("correct horse"), Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Lock()
	list, err := w.Store().Attachments(ledger.OwnerCredential, cred.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("list: %v %+v", err, list)
	}
	if list[0].ID != b.ID || list[1].ID != a.ID {
		t.Errorf("not newest first: %s, %s", list[0].Name, list[1].Name)
	}
	if list[1].SHA256 != a.SHA256 || list[1].Size != a.Size || list[1].UpdatedBy != "admin" {
		t.Errorf("metadata: %+v", list[1])
	}
	got, err := w.Store().OpenAttachment(a.ID)
	if err != nil || !bytes.Equal(got, pdf) {
		t.Fatalf("content: %v, equal %v", err, bytes.Equal(got, pdf))
	}
	if sites, _ := w.Store().Attachments(ledger.OwnerSite, site.ID); len(sites) != 1 || sites[0].MediaType != "image/png" {
		t.Errorf("site attachments: %+v", sites)
	}
	// The content is sealed: it is nowhere in the database image.
	var img []byte
	w.Read(context.Background(), func(db *sql.DB) error {
		var err error
		img, err = serialize(db)
		return err
	})
	if bytes.Contains(img, pdf[:200]) || bytes.Contains(img, []byte("盖章函")) {
		t.Error("attachment content in the clear inside the image")
	}
	if _, err := w.Store().OpenAttachment("no-such-id"); !errors.Is(err, ledger.ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
}

func TestAttachmentChecks(t *testing.T) {
	v, _, ent, _, cred, contact := attachFixture(t)
	defer v.Lock()
	st := v.Store()
	before := v.Generation()
	big := make([]byte, ledger.MaxAttachmentSize+1)
	err := putAttachment(st, &ledger.Attachment{OwnerKind: ledger.OwnerCredential, OwnerID: cred.ID, Name: "big.bin"}, big)
	if !errors.Is(err, ledger.ErrAttachmentTooLarge) || !strings.Contains(err.Error(), "10.0 MiB") || !strings.Contains(err.Error(), "10485760") {
		t.Errorf("oversize: %v", err)
	}
	if err := putAttachment(st, &ledger.Attachment{OwnerKind: ledger.OwnerEntity, OwnerID: ent.ID, Name: "max.bin"}, big[:ledger.MaxAttachmentSize]); err != nil {
		t.Errorf("exactly the limit: %v", err)
	}
	cases := []struct {
		a    ledger.Attachment
		want string
	}{
		{ledger.Attachment{OwnerKind: ledger.OwnerCredential, OwnerID: cred.ID, Name: " /some/dir/ "}, "file name"},
		{ledger.Attachment{OwnerKind: ledger.OwnerCredential, OwnerID: cred.ID, Name: ".."}, "file name"},
		{ledger.Attachment{OwnerKind: "provider", OwnerID: cred.ID, Name: "x"}, "not a \"provider\""},
		{ledger.Attachment{OwnerKind: ledger.OwnerContact, OwnerID: "nobody", Name: "x"}, "not found"},
		{ledger.Attachment{OwnerKind: ledger.OwnerSite, OwnerID: contact.ID, Name: "x"}, "not found"},
	}
	for _, c := range cases {
		if err := putAttachment(st, &c.a, []byte("x")); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.a, err, c.want)
		}
	}
	if got := v.Generation(); got != before+1 {
		t.Errorf("refused attachments saved the vault: generation %d → %d", before, got)
	}
	// A sealed content copied to another attachment's row does not open.
	a := ledger.Attachment{OwnerKind: ledger.OwnerContact, OwnerID: contact.ID, Name: "id.jpg"}
	b := ledger.Attachment{OwnerKind: ledger.OwnerContact, OwnerID: contact.ID, Name: "other.jpg"}
	putAttachment(st, &a, []byte("front"))
	putAttachment(st, &b, []byte("front"))
	v.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE attachment SET data = (SELECT data FROM attachment WHERE id = ?) WHERE id = ?`, a.ID, b.ID)
		return err
	})
	if _, err := st.OpenAttachment(b.ID); !errors.Is(err, ErrDamaged) {
		t.Errorf("moved content opened: %v", err)
	}
}

func TestAttachmentDeletes(t *testing.T) {
	v, _, ent, site, cred, contact := attachFixture(t)
	defer v.Lock()
	st := v.Store()
	var ids = map[string]string{}
	for kind, id := range map[string]string{ledger.OwnerCredential: cred.ID, ledger.OwnerSite: site.ID, ledger.OwnerEntity: ent.ID, ledger.OwnerContact: contact.ID} {
		a := ledger.Attachment{OwnerKind: kind, OwnerID: id, Name: kind + ".txt"}
		content := []byte("content of " + kind)
		if kind == ledger.OwnerSite {
			// Large enough to span the table's page and overflow pages.
			content = append(content, make([]byte, 50<<10)...)
			rand.Read(content[20:])
		}
		if err := putAttachment(st, &a, content); err != nil {
			t.Fatal(err)
		}
		ids[kind] = a.ID
	}
	var sealed []byte
	v.Read(context.Background(), func(db *sql.DB) error {
		return db.QueryRow(`SELECT data FROM attachment WHERE id = ?`, ids[ledger.OwnerSite]).Scan(&sealed)
	})
	// One attachment on its own.
	if err := st.Write(func(w ledger.Writer) error { return w.Delete("attachment", ids[ledger.OwnerSite]) }); err != nil {
		t.Fatal(err)
	}
	if l, _ := st.Attachments(ledger.OwnerSite, site.ID); len(l) != 0 {
		t.Errorf("deleted attachment listed: %+v", l)
	}
	if _, err := st.OpenAttachment(ids[ledger.OwnerSite]); !errors.Is(err, ledger.ErrNotFound) {
		t.Errorf("deleted attachment opened: %v", err)
	}
	// Its sealed content is gone from the image, not left in a free page.
	var img []byte
	v.Read(context.Background(), func(db *sql.DB) (err error) {
		img, err = serialize(db)
		return err
	})
	n := len(sealed)
	if n < 50<<10 {
		t.Fatalf("sealed site attachment is %d bytes", n)
	}
	for _, off := range []int{24, 2000, n / 2, n - 64} {
		if bytes.Contains(img, sealed[off:off+64]) {
			t.Errorf("deleted attachment's sealed bytes at %d of %d remain in the image", off, n)
		}
	}
	// With its owner, in the same transaction: a failing write keeps both.
	boom := errors.New("boom")
	err := st.Write(func(w ledger.Writer) error {
		if err := w.Delete("credential", cred.ID); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if l, _ := st.Attachments(ledger.OwnerCredential, cred.ID); len(l) != 1 {
		t.Fatalf("rolled-back delete lost the attachment: %+v", l)
	}
	for _, k := range []string{"credential", "contact"} {
		id := map[string]string{"credential": cred.ID, "contact": contact.ID}[k]
		if err := st.Write(func(w ledger.Writer) error { return w.Delete(k, id) }); err != nil {
			t.Fatal(err)
		}
		if l, _ := st.Attachments(k, id); len(l) != 0 {
			t.Errorf("%s deleted, attachments still listed: %+v", k, l)
		}
		if _, err := st.OpenAttachment(ids[k]); !errors.Is(err, ledger.ErrNotFound) {
			t.Errorf("%s deleted, attachment opens: %v", k, err)
		}
	}
	// The content is gone from the tombstones, and the audit says why.
	var left int
	v.Read(context.Background(), func(db *sql.DB) error {
		return db.QueryRow(`SELECT count(*) FROM attachment WHERE deleted = 1 AND data IS NOT NULL`).Scan(&left)
	})
	if left != 0 {
		t.Errorf("%d tombstones keep their content", left)
	}
	log, _ := v.AuditLog(50)
	var saw bool
	for _, e := range log {
		saw = saw || (e.Action == "attachment.delete" && e.Record == ids[ledger.OwnerCredential] && strings.Contains(e.Summary, "credential"))
		if strings.Contains(e.Summary, "content of") {
			t.Errorf("audit line carries content: %+v", e)
		}
	}
	if !saw {
		t.Error("no audit line for the attachment deleted with its credential")
	}
	if l, _ := st.Attachments(ledger.OwnerEntity, ent.ID); len(l) != 1 {
		t.Errorf("unrelated attachment lost: %+v", l)
	}
	if _, err := v.Verify(); err != nil {
		t.Error(err)
	}
}

// TestAttachmentMigration opens a schema-3 database and brings it to the
// schema with attachments.
func TestAttachmentMigration(t *testing.T) {
	db, err := newMemDB()
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) < 4 || ms[3].name != "0004_attachments.sql" || SchemaVersion() != len(ms) {
		t.Fatalf("migrations: %d, newest %s", len(ms), ms[len(ms)-1].name)
	}
	for _, m := range ms[:3] {
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatal(err)
		}
	}
	db.Exec(`PRAGMA user_version = 3`)
	if err := migrate(db); err != nil {
		t.Fatal(err)
	}
	var ver, idx int
	db.QueryRow(`PRAGMA user_version`).Scan(&ver)
	db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'attachment_owner'`).Scan(&idx)
	if ver != SchemaVersion() || idx != 1 {
		t.Fatalf("after migrate: version %d, index %d", ver, idx)
	}
}

// BenchmarkSaveWithAttachments measures a save of a 10,000-site demo vault
// with 20 attachments of 1 MiB each, against the same vault without them:
// attachments live inside the vault image, so every save writes them.
func BenchmarkSaveWithAttachments(b *testing.B) {
	p := filepath.Join(b.TempDir(), "bench.beianvault")
	v, err := Create(p, NewPassphrase([]byte("bench"), TestKDF), "bench", Options{KeepBackups: 3})
	if err != nil {
		b.Fatal(err)
	}
	defer v.Lock()
	st := v.Store()
	var owner string
	err = st.Write(func(w ledger.Writer) error {
		if _, err := demo.Populate(w, 10000, 1, ledger.MustDate("2026-11-25")); err != nil {
			return err
		}
		sites, err := w.Sites()
		if err != nil || len(sites) == 0 {
			return fmt.Errorf("no sites: %v", err)
		}
		owner = sites[0].ID
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if err := v.Save(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(fileSize(b, p))/(1<<20), "MiB/file")
	}
	b.Run("attachments=0", run)
	blob := make([]byte, 1<<20)
	for i := 0; i < 20; i++ {
		rand.Read(blob) // scans do not compress; neither does random data
		a := ledger.Attachment{OwnerKind: ledger.OwnerSite, OwnerID: owner, Name: fmt.Sprintf("scan-%02d.jpg", i)}
		if err := putAttachment(st, &a, blob); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("attachments=20x1MiB", run)
}

func fileSize(tb testing.TB, path string) int64 {
	tb.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return fi.Size()
}
