package gui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/internal/schedule"
)

// scheduleForm is Settings → Notifications → "remind me even when the app
// is closed": the daily unattended `beianledger notify` run of this vault
// on this computer (internal/schedule, the same as `schedule install`):
// its own revocable way in, the key in the OS keyring, the system's
// scheduler. It shows what is installed and installs or removes it.
type scheduleForm struct {
	u       *ui
	state   *widget.Label
	at      *entry
	install *widget.Button
	remove  *widget.Button
	msg     *widget.Label
	row     *fyne.Container
	content fyne.CanvasObject
	cur     schedule.State
}

// schedEnv is the system the schedule is made for; tests replace it.
func (u *ui) schedEnv() schedule.Env {
	if u.scheduleEnv != nil {
		return *u.scheduleEnv
	}
	return schedule.Env{}
}

func newScheduleForm(u *ui) *scheduleForm {
	f := &scheduleForm{u: u}
	title := widget.NewLabelWithStyle(u.t("sched.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.state = widget.NewLabel("")
	f.state.Wrapping = fyne.TextWrapWord
	f.at = newEntry(u)
	f.at.SetText(schedule.DefaultTime)
	f.at.SetPlaceHolder("09:07")
	f.install = widget.NewButtonWithIcon(u.t("sched.install"), theme.ConfirmIcon(), f.doInstall)
	f.install.Importance = widget.HighImportance
	f.remove = widget.NewButtonWithIcon(u.t("sched.remove"), theme.DeleteIcon(), f.confirmRemove)
	f.msg = widget.NewLabel("")
	f.msg.Wrapping = fyne.TextWrapWord
	f.msg.Hide()
	hint := widget.NewLabel(u.t("sched.hint"))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	f.row = container.NewHBox(widget.NewLabel(u.t("sched.time")), container.NewGridWrap(fyne.NewSize(90, f.at.MinSize().Height), f.at), f.install, f.remove)
	f.content = container.NewVBox(title, f.state, f.row, f.msg, hint)
	f.remove.Hide()
	if _, remote := remoteName(u.path); remote || u.readOnly {
		f.install.Disable()
		f.at.Disable()
		if remote {
			f.state.SetText(u.t("sched.remote"))
		} else {
			f.state.SetText(u.t("sched.readOnly"))
		}
	}
	return f
}

func (f *scheduleForm) say(ok bool, text string) {
	f.msg.Importance = widget.SuccessImportance
	if !ok {
		f.msg.Importance = widget.DangerImportance
	}
	f.msg.SetText(text)
	f.msg.Show()
}

// load reads what is installed (the keyring is asked off the UI goroutine).
func (f *scheduleForm) load() {
	u := f.u
	if u.v == nil {
		return
	}
	if _, remote := remoteName(u.path); remote {
		return
	}
	v, env := u.v, u.schedEnv()
	u.async(func() func() {
		st, err := schedule.Status(v.UUID(), v.Slots(), env)
		return func() {
			if err != nil {
				f.state.SetText(u.t("sched.statusFailed", err.Error()))
				return
			}
			f.show(st)
		}
	})
}

func (f *scheduleForm) show(st schedule.State) {
	u := f.u
	f.cur = st
	where := u.t("sched.inFile", st.Paths.Key)
	if st.KeyIn == schedule.StoreKeyring {
		where = u.t("sched.inKeyring")
	}
	switch {
	case st.Installed():
		at := st.Time
		if at == "" {
			at = "?"
		} else {
			f.at.SetText(at)
		}
		f.state.SetText(u.t("sched.on", at, st.SlotLabel, where))
		f.install.Hide()
		f.remove.Show()
		f.remove.Enable()
		f.at.Disable()
	case st.SlotID != "":
		// The slot is there but its key is not (another user, a wiped
		// config folder): remove offers to revoke it.
		f.state.SetText(u.t("sched.noKey", st.SlotLabel))
		f.install.Hide()
		f.remove.Show()
	default:
		f.state.SetText(u.t("sched.off"))
		f.install.Show()
		f.remove.Hide()
		if !u.readOnly {
			f.at.Enable()
		}
	}
	if u.readOnly {
		f.remove.Disable()
	}
	f.row.Refresh() // a button shown or hidden takes or gives back its place
}

func (f *scheduleForm) doInstall() {
	u := f.u
	at := strings.TrimSpace(f.at.Text)
	if !schedule.ValidTime(at) {
		f.say(false, u.t("sched.badTime"))
		return
	}
	if u.v == nil || u.readOnly {
		return
	}
	u.touch()
	f.install.Disable()
	v, path, env := u.v, u.path, u.schedEnv()
	trace("schedule-install", "at=%s", at)
	u.async(func() func() {
		res, err := schedule.Install(v, path, env, schedule.Options{At: at})
		var st schedule.State
		if err == nil {
			st, _ = schedule.Status(v.UUID(), v.Slots(), env)
		}
		return func() {
			f.install.Enable()
			if errors.Is(err, schedule.ErrInstalled) {
				f.say(false, u.t("sched.already"))
				f.load()
				return
			}
			if err != nil {
				f.say(false, u.t("sched.failed", u.explain(err)))
				return
			}
			f.show(st)
			switch {
			case res.Registered && res.KeyIn == schedule.StoreKeyring:
				f.msg.Hide() // the state line says it all
			case res.Registered:
				f.say(true, u.t("sched.doneFile", res.KeyringErr))
			default:
				f.say(false, u.t("sched.manual", res.RegisterErr, strings.Join(res.Manual, "\n")))
			}
			trace("schedule-installed", "key=%s registered=%v", res.KeyIn, res.Registered)
		}
	})
}

func (f *scheduleForm) confirmRemove() {
	u := f.u
	u.confirm(u.t("sched.removeTitle"), u.t("sched.removeAsk"), u.t("sched.remove"), func() {
		if u.v == nil || u.readOnly {
			return
		}
		u.touch()
		f.remove.Disable()
		v, env := u.v, u.schedEnv()
		u.async(func() func() {
			r, err := schedule.Remove(v, env, false)
			var st schedule.State
			if err == nil {
				st, _ = schedule.Status(v.UUID(), v.Slots(), env)
			}
			return func() {
				f.remove.Enable()
				if err != nil {
					f.say(false, u.t("sched.failed", u.explain(err)))
					return
				}
				f.show(st)
				f.say(true, u.t("sched.removed", r.Flagged))
				trace("schedule-removed", "flagged=%d", r.Flagged)
			}
		})
	})
}
