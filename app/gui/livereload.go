package gui

import (
	"errors"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"github.com/fsnotify/fsnotify"

	"beianledger/vault"
)

// Following the shared file: when another writer (a backup contact on the
// shared drive, a sync tool bringing another computer's save) replaces the
// vault file, the open window merges that save in (vault.Reload) and shows
// what came in, without saving over it.

// reloadSettle is how long the file must stay quiet before it is read: a
// sync tool may write it in several steps. reloadMaxWait bounds the wait
// from the first change: while writers keep saving (this window's own
// saves change the file too) it is never quiet for long, and the window
// used to wait for a pause, over 2 s at times.
const (
	reloadSettle  = 150 * time.Millisecond
	reloadMaxWait = 400 * time.Millisecond
)

// settleFor is how long to wait after a change, the first change of the
// run having been seen at first.
func settleFor(first, now time.Time) time.Duration {
	return max(0, min(reloadSettle, reloadMaxWait-now.Sub(first)))
}

// watchVault starts following u.path; it stops when the vault is locked.
func (u *ui) watchVault() {
	if !u.follow || u.path == "" {
		return
	}
	if vault.IsRemote(u.path) {
		// A vault on a WebDAV share has no file here to watch: others'
		// saves reach it through the conditional PUT's merge (a 412) and
		// on the next unlock; polling the share is left for later.
		trace("follow-off", "remote=true")
		return
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		trace("follow-off", "err=%q", err.Error())
		return
	}
	dir, base := filepath.Dir(u.path), filepath.Base(u.path)
	if err := w.Add(dir); err != nil {
		w.Close()
		trace("follow-off", "err=%q", err.Error())
		return
	}
	gen := u.gen
	do := u.followDo
	if do == nil {
		do = fyne.Do
	}
	stop := make(chan struct{})
	u.stopWatch = func() { close(stop); w.Close() }
	go func() {
		settle := time.NewTimer(time.Hour)
		settle.Stop()
		var seen time.Time
		for {
			select {
			case <-stop:
				settle.Stop()
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if filepath.Base(ev.Name) != base || !ev.Has(fsnotify.Create|fsnotify.Write|fsnotify.Rename) {
					continue
				}
				now := time.Now()
				if seen.IsZero() {
					seen = now
				}
				settle.Reset(settleFor(seen, now))
			case <-settle.C:
				at := seen
				seen = time.Time{}
				do(func() {
					if u.gen == gen && u.v != nil {
						u.reloadFromDisk(at)
					}
				})
			case _, ok := <-w.Errors:
				if !ok {
					return
				}
			}
		}
	}()
}

// reloadShown reads the shown screen again after the vault changed under
// it, unless its form holds unsaved edits (then it reports true); the
// sites screen reads again when next shown.
func (m *mainScreen) reloadShown() (editing bool) {
	m.sites.stale = true
	if e := m.currentEditor(); e != nil && e.unsaved() {
		return true
	}
	if m.current >= 0 {
		m.screens[m.current].load()
	}
	return false
}

// stopWatching ends watchVault's goroutine.
func (u *ui) stopWatching() {
	if u.stopWatch != nil {
		u.stopWatch()
		u.stopWatch = nil
	}
}

// reloadFromDisk merges a save found on disk into the session, off the UI
// goroutine; seen is when the file changed (for the trace).
func (u *ui) reloadFromDisk(seen time.Time) {
	if u.reloading {
		u.reloadAgain = true
		return
	}
	v := u.v
	if v == nil {
		return
	}
	u.reloading = true
	u.async(func() func() {
		rep, err := v.Reload()
		return func() {
			u.reloading = false
			u.afterReload(rep, err, seen)
			if u.reloadAgain {
				u.reloadAgain = false
				u.reloadFromDisk(seen)
			}
		}
	})
}

// afterReload shows what a reload brought and refreshes the screens.
func (u *ui) afterReload(rep *vault.MergeReport, err error, seen time.Time) {
	if u.main == nil {
		return
	}
	var ce *vault.ChangeError
	switch {
	case errors.As(err, &ce):
		var names []string
		for _, s := range ce.Added {
			names = append(names, s.Label)
		}
		if len(names) == 0 && len(ce.Rekeyed) > 0 {
			for _, s := range ce.Rekeyed {
				names = append(names, s.Label)
			}
			u.showUndoBar(u.t("reload.rekeyed", u.list(names)), false, u.writes.Load())
			return
		}
		u.showUndoBar(u.t("reload.changed", u.list(names)), false, u.writes.Load())
		return
	case errors.Is(err, vault.ErrRemovedHere):
		u.showUndoBar(u.t("reload.removed"), false, u.writes.Load())
		return
	case err != nil:
		u.showUndoBar(u.t("reload.failed", u.explain(err)), false, u.writes.Load())
		return
	case rep == nil:
		return // our own save, or nothing new
	}
	ms := int64(-1)
	if !seen.IsZero() {
		ms = time.Since(seen).Milliseconds()
	}
	// An undo of our last change would now write over what came in.
	u.dropUndo()
	m := u.main
	editing := m.reloadShown() // an open form keeps the user's edits (ledger.Rebase on save)
	if m.current != navDashboard {
		m.dash.load() // the title counts what is due
	}
	who := rep.From
	if who == "" {
		who = "?"
	}
	msg := u.t("reload.came", who, rep.Records)
	if editing {
		msg = u.t("reload.cameEditing", who, rep.Records)
	}
	u.showUndoBar(msg, false, u.writes.Load())
	u.refreshConflicts()
	trace("vault-reloaded", "records=%d conflicts=%d since_change_ms=%d", rep.Records, rep.Conflicts, ms)
	u.reloads++
}
