package gui

import (
	"errors"
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"beianledger/ledger"
)

// DriveEnv names the environment variable that makes the real window
// drive itself, for the two-writer reliability test (scripts/gui-writer-test):
// "N:SEED" makes N changes, chosen at random from SEED, once the vault is
// unlocked — new sites, edits of the shared sites' 公安备案号 (a field the
// other writer leaves alone) and notes (one the other writer edits too),
// and deletions of sites this window made; half the notes edits leave the
// filled-in form open until another writer's save has come in (at most
// two seconds), as a slow typist would. Every change goes through the
// site form or the delete confirmation as a click would: the form's fields
// are filled in and its Save button (or the dialog's Delete button) is
// pressed on Fyne's goroutine, so the save takes the user's path (form →
// ledger.Rebase → store.Write → merge and save of the vault). Each finished
// change prints "trace … drive-change i=… kind=… id=… field=… value=…",
// the end "trace … drive-done n=…", a failure "trace … drive-failed …".
// The shared sites are those named 共享网站…. Read once at start; needs
// BEIANLEDGER_TRACE (the lines are the driver's only output). Off (and
// nothing of it runs) when unset.
const DriveEnv = "BEIANLEDGER_DRIVE"

// driveSpec is a parsed DriveEnv.
type driveSpec struct {
	n    int
	seed int64
}

// parseDrive reads DriveEnv's value; "" is no driving (nil).
func parseDrive(v string) (*driveSpec, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, nil
	}
	ns, ss, _ := strings.Cut(v, ":")
	n, err := strconv.Atoi(ns)
	if err != nil || n < 1 || n > 100000 {
		return nil, fmt.Errorf("%s=%q: want N:SEED with N from 1 to 100000", DriveEnv, v)
	}
	var seed int64 = 1
	if ss != "" {
		if seed, err = strconv.ParseInt(ss, 10, 64); err != nil {
			return nil, fmt.Errorf("%s=%q: the seed is not a number", DriveEnv, v)
		}
	}
	if traceOut == nil {
		return nil, fmt.Errorf("%s needs %s: the driver reports through trace lines", DriveEnv, TraceEnv)
	}
	return &driveSpec{n: n, seed: seed}, nil
}

// startDrive starts the driver once, when a vault is first opened.
func (u *ui) startDrive() {
	if u.drive == nil || u.driving {
		return
	}
	u.driving = true
	d := &driver{u: u, spec: *u.drive}
	go d.run()
}

// driver makes the changes of a driveSpec in the window. Its own goroutine
// waits; every look at or touch of a widget is on Fyne's goroutine.
type driver struct {
	u       *ui
	spec    driveSpec
	lastErr string
}

// driveWait is how often a condition is looked at, and driveTimeout how
// long a step may take before the driver gives up.
const (
	driveWait    = 5 * time.Millisecond
	driveTimeout = 2 * time.Minute
)

func (d *driver) run() {
	rnd := rand.New(rand.NewSource(d.spec.seed))
	var shared []string
	err := d.on(func() error {
		if d.u.store == nil {
			return errors.New("no vault open")
		}
		d.lastErr = d.u.lastError
		return nil
	})
	if err == nil {
		var st ledger.Store
		var rows []ledger.SiteRow
		if st, err = d.store(); err == nil {
			rows, err = st.Sites()
		}
		if err == nil {
			for _, r := range rows {
				if strings.HasPrefix(r.Name, "共享网站") {
					shared = append(shared, r.ID)
				}
			}
			if len(shared) == 0 {
				err = errors.New("no shared site (named 共享网站…) to edit")
			}
		}
	}
	var mine []string // sites this driver made and has not deleted
	for i := 0; err == nil && i < d.spec.n; i++ {
		kind, id, field, value := "", "", "", ""
		switch op := rnd.Intn(10); {
		case op == 9 && len(mine) > 0:
			k := rnd.Intn(len(mine))
			kind, id = "delete", mine[k]
			mine = append(mine[:k], mine[k+1:]...)
			err = d.deleteSite(id)
		case op < 4 || op == 9:
			kind, field, value = "new-site", "name", fmt.Sprintf("甲的网站%d", i)
			id, err = d.editSite("", func(f *siteForm) { f.name.SetText(value) })
			mine = append(mine, id)
		case op < 6:
			kind, field, value = "edit", "psb_number", fmt.Sprintf("甲-公安-%d", i)
			id = shared[rnd.Intn(len(shared))]
			_, err = d.editSite(id, func(f *siteForm) { f.psb.SetText(value) })
		default:
			kind, field, value = "edit", "notes", fmt.Sprintf("甲的备注%d", i)
			id = shared[rnd.Intn(len(shared))]
			// Every other time the form stays open, edited, until another
			// writer's save has come in (as when someone types slowly): the
			// save then goes through Rebase with a record changed underneath.
			hold := rnd.Intn(2) == 0
			_, err = d.editSiteHolding(id, hold, func(f *siteForm) { f.notes.SetText(value) })
		}
		if err == nil {
			trace("drive-change", "i=%d kind=%s id=%s field=%s value=%s", i, kind, id, field, value)
		}
	}
	if err != nil {
		trace("drive-failed", "err=%q", err.Error())
		return
	}
	trace("drive-done", "n=%d", d.spec.n)
}

// store is the open vault's store, read from the driver's goroutine.
func (d *driver) store() (ledger.Store, error) {
	var st ledger.Store
	fyne.DoAndWait(func() { st = d.u.store })
	if st == nil {
		return nil, errors.New("the vault was locked")
	}
	return st, nil
}

// on runs f on Fyne's goroutine and returns its error.
func (d *driver) on(f func() error) error {
	var err error
	fyne.DoAndWait(func() { err = f() })
	return err
}

// until waits for cond (looked at on Fyne's goroutine); an error dialog
// shown meanwhile, or the timeout, stops it.
func (d *driver) until(what string, cond func() bool) error {
	deadline := time.Now().Add(driveTimeout)
	for {
		var ok bool
		failed := ""
		fyne.DoAndWait(func() {
			if d.u.lastError != d.lastErr {
				failed = d.u.lastError
				d.lastErr = failed
				return
			}
			ok = d.u.main != nil && d.u.pending == 0 && cond()
		})
		switch {
		case failed != "":
			return fmt.Errorf("%s: the window showed an error: %s", what, failed)
		case ok:
			return nil
		case time.Now().After(deadline):
			return fmt.Errorf("%s: not done within %s", what, driveTimeout)
		}
		time.Sleep(driveWait)
	}
}

// editSite opens the site form (a new site when id is empty) as the New
// site button or the site's Edit button does, lets fill change its fields,
// presses Save and waits until the form has closed on the saved site.
func (d *driver) editSite(id string, fill func(*siteForm)) (string, error) {
	return d.editSiteHolding(id, false, fill)
}

// holdFor is the longest a held form waits for another writer's save;
// when none comes (the other writer has finished), it is saved anyway.
const holdFor = 2 * time.Second

// editSiteHolding is editSite; with hold, the filled-in form waits before
// Save until another writer's save has been taken in (or holdFor).
func (d *driver) editSiteHolding(id string, hold bool, fill func(*siteForm)) (string, error) {
	u := d.u
	var s *sitesScreen
	err := d.on(func() error {
		if u.main == nil {
			return errors.New("the vault was locked")
		}
		s = u.main.sites
		u.main.showSites()
		if s.form != nil {
			return errors.New("a site form is already open")
		}
		if id == "" {
			u.main.newSite.OnTapped()
		} else {
			s.editField(id, "")
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if err := d.until("open the site form", func() bool { return s.form != nil && s.form.site.ID == id }); err != nil {
		return "", err
	}
	before := u.writes.Load()
	if err := d.on(func() error {
		f := s.form
		if f == nil {
			return errors.New("the site form closed by itself")
		}
		fill(f)
		if !hold {
			f.save_.OnTapped()
		}
		return nil
	}); err != nil {
		return "", err
	}
	if hold {
		var r0 int
		d.on(func() error { r0 = u.reloads; return nil })
		end := time.Now().Add(holdFor)
		err := d.until("take another writer's save in", func() bool { return u.reloads > r0 || time.Now().After(end) })
		if err == nil {
			err = d.on(func() error {
				if s.form == nil {
					return errors.New("the held site form closed by itself")
				}
				s.form.save_.OnTapped()
				return nil
			})
		}
		if err != nil {
			return "", err
		}
	}
	saved := ""
	err = d.until("save the site", func() bool {
		if s.form != nil || u.writes.Load() == before {
			return false
		}
		saved = s.selected
		return true
	})
	if err == nil && saved == "" {
		err = errors.New("the saved site is not selected")
	}
	return saved, err
}

// deleteSite deletes a site as its Delete button and the confirmation's
// Delete do, and waits until the deletion is saved.
func (d *driver) deleteSite(id string) error {
	u := d.u
	st, err := d.store()
	if err != nil {
		return err
	}
	row, err := st.Site(id)
	if err != nil {
		return fmt.Errorf("read the site to delete: %w", err)
	}
	before := u.writes.Load()
	if err := d.on(func() error {
		if u.main == nil {
			return errors.New("the vault was locked")
		}
		u.main.showSites()
		u.main.sites.deleteSite(row)
		c := u.lastConfirm
		if c == nil {
			return errors.New("no confirmation asked")
		}
		c.ok.OnTapped()
		return nil
	}); err != nil {
		return err
	}
	return d.until("delete the site", func() bool { return u.writes.Load() != before })
}
