package vault

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"

	"beianledger/ledger"
)

// Verify opens every sealed value: a damaged password, ID number, earlier
// password or attachment in an otherwise sound, authentic file is found
// and its record named (it used to pass until someone revealed it).
func TestVerifyFindsDamagedSealedValues(t *testing.T) {
	v, p, _, _, cred, contact := attachFixture(t)
	st := v.Store()
	att := ledger.Attachment{OwnerKind: ledger.OwnerSite, OwnerID: cred.SiteID, Name: "licence.pdf"}
	err := st.Write(func(w ledger.Writer) error {
		for _, s := range []string{"first-Secret1!", "second-Secret2@"} {
			if err := w.SetSecret("credential", cred.ID, []byte(s)); err != nil {
				return err
			}
		}
		if err := w.SetSecret("contact-id", contact.ID, []byte("110105199003071239")); err != nil {
			return err
		}
		return w.PutAttachment(&att, []byte("%PDF-1.4 licence scan"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := v.Verify(); err != nil || !rep.OK {
		t.Fatalf("sound vault: %v %v", rep.Problems, err)
	}
	v.Lock()

	cases := []struct {
		name, table, column, where, arg, record string
	}{
		{"password", "credential", "secret", "id", cred.ID, cred.ID},
		{"ID number", "contact", "id_number", "id", contact.ID, contact.ID},
		{"earlier password", "credential_history", "secret", "credential_id", cred.ID, cred.ID + "/"},
		{"attachment", "attachment", "data", "id", att.ID, att.ID},
		{"attachment hash", "attachment", "sha256", "id", att.ID, att.ID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, err := Open(p, pass("correct horse"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			// The save seals an authentic file around the damaged value.
			err = w.Tx(context.Background(), func(tx *sql.Tx) error {
				if c.column == "sha256" {
					_, err := tx.Exec(`UPDATE attachment SET sha256 = ? WHERE id = ?`, strings.Repeat("0", 64), c.arg)
					return err
				}
				var b []byte
				q := `SELECT ` + c.column + ` FROM ` + c.table + ` WHERE ` + c.where + ` = ?`
				if err := tx.QueryRow(q, c.arg).Scan(&b); err != nil {
					return err
				}
				b[len(b)/2] ^= 1
				_, err := tx.Exec(`UPDATE `+c.table+` SET `+c.column+` = ? WHERE `+c.where+` = ?`, b, c.arg)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			w.Lock()
			problems := verifyDamaged(t, p, c.name)
			if len(problems) != 1 || !strings.Contains(problems[0], c.record) {
				t.Fatalf("problems %q do not name record %s", problems, c.record)
			}
			t.Log(problems[0])
			// Put it right again for the next case: restore the newest backup.
			if _, err := RestoreBackup(p, 1, pass("correct horse"), Options{}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Many damaged values, more than one batch of the goroutine that opens
// them beside SQLite's checks and one large enough to be opened where it
// is read: every one is reported, once, in the order of the columns and
// rows.
func TestVerifyReportsEveryDamagedValueInOrder(t *testing.T) {
	v, _, _, _, cred, _ := attachFixture(t)
	defer v.Lock()
	st := v.Store()
	att := ledger.Attachment{OwnerKind: ledger.OwnerSite, OwnerID: cred.SiteID, Name: "scan.pdf"}
	var ids []string
	err := st.Write(func(w ledger.Writer) error {
		for i := range 600 {
			c := ledger.Credential{SiteID: cred.SiteID, Login: fmt.Sprintf("admin%03d", i)}
			if err := w.PutCredential(&c); err != nil {
				return err
			}
			if err := w.SetSecret("credential", c.ID, []byte(fmt.Sprintf("secret-%d!", i))); err != nil {
				return err
			}
			ids = append(ids, c.ID)
		}
		return w.PutAttachment(&att, bytes.Repeat([]byte("scan "), 30<<10))
	})
	if err != nil {
		t.Fatal(err)
	}
	// Damage every other password, and the attachment (150 KB: opened
	// where it is read).
	var want []string
	err = v.Tx(context.Background(), func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT id FROM credential WHERE secret IS NOT NULL ORDER BY rowid`)
		if err != nil {
			return err
		}
		var all []string
		for rows.Next() {
			var id string
			rows.Scan(&id)
			all = append(all, id)
		}
		rows.Close()
		for i, id := range all {
			if i%2 == 1 {
				if err := flipByte(tx, "credential", "secret", id); err != nil {
					return err
				}
				want = append(want, id)
			}
		}
		return flipByte(tx, "attachment", "data", att.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, att.ID)
	rep, err := v.Verify()
	if !errors.Is(err, ErrDamaged) || len(rep.Problems) != len(want) {
		t.Fatalf("%d problems (%v), want %d", len(rep.Problems), err, len(want))
	}
	for i, id := range want {
		if !strings.Contains(rep.Problems[i], id) {
			t.Fatalf("problem %d is %q, want record %s", i, rep.Problems[i], id)
		}
	}
}

// flipByte damages the sealed value of table.column in row id.
func flipByte(tx *sql.Tx, table, column, id string) error {
	var b []byte
	if err := tx.QueryRow(`SELECT `+column+` FROM `+table+` WHERE id = ?`, id).Scan(&b); err != nil {
		return err
	}
	b[len(b)/2] ^= 1
	_, err := tx.Exec(`UPDATE `+table+` SET `+column+` = ? WHERE id = ?`, b, id)
	return err
}

// Verify runs SQLite's integrity check over the whole database — on a
// second connection reading the image in place, beside the sealed values,
// or on the session's own where that connection cannot be had. An index
// that no longer matches its table, in a file that is otherwise sound and
// authentic, is found either way.
func TestVerifyFindsADamagedIndex(t *testing.T) {
	for _, twin := range []bool{true, false} {
		t.Run(fmt.Sprintf("twin=%v", twin), func(t *testing.T) {
			old := useTwin
			useTwin = twin
			defer func() { useTwin = old }()
			w, p, _, _, _, _ := attachFixture(t)
			w.Lock()
			// Opened from its file, as every command and window does: the
			// image is in one block, which the second connection reads.
			v, err := Open(p, pass("correct horse"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			twins := readInPlace.Load()
			if rep, err := v.Verify(); err != nil || !rep.OK {
				t.Fatalf("sound vault: %v %v", rep.Problems, err)
			}
			if got := readInPlace.Load() - twins; (got == 1) != twin {
				t.Fatalf("%d connections read the image in place, twin %v", got, twin)
			}
			// The two indexes of table site swap their pages: each still a
			// well-formed index of site, neither of its own column.
			var a, b int
			if err := v.db.QueryRow(`SELECT (SELECT rootpage FROM sqlite_schema WHERE name = 'site_number_key'), (SELECT rootpage FROM sqlite_schema WHERE name = 'site_entity')`).Scan(&a, &b); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				`PRAGMA writable_schema = ON`,
				fmt.Sprintf(`UPDATE sqlite_schema SET rootpage = %d WHERE name = 'site_number_key'`, b),
				fmt.Sprintf(`UPDATE sqlite_schema SET rootpage = %d WHERE name = 'site_entity'`, a),
				`PRAGMA writable_schema = RESET`,
			} {
				if _, err := v.db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			// Saved: an authentic file around a damaged database.
			if err := v.Tx(context.Background(), func(tx *sql.Tx) error { return nil }); err != nil {
				t.Fatal(err)
			}
			v.Lock()
			problems := verifyDamaged(t, p, "index")
			if !strings.Contains(strings.Join(problems, "\n"), "site_number_key") {
				t.Fatalf("problems do not name the index: %q", problems)
			}
			t.Log(problems)
		})
	}
}

// verifyDamaged opens the vault at p read-only — the file itself is
// authentic — and returns the problems Verify finds, failing the test if it
// finds the vault sound; what names the damage.
func verifyDamaged(t *testing.T, p, what string) []string {
	t.Helper()
	r, err := Open(p, pass("correct horse"), Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("the file itself is authentic and must open: %v", err)
	}
	defer r.Lock()
	rep, err := r.Verify()
	if !errors.Is(err, ErrDamaged) || rep.OK {
		t.Fatalf("verify passed with a damaged %s: %v %v", what, rep.Problems, err)
	}
	return rep.Problems
}
