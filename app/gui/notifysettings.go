package gui

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/internal/sender"
	"beianledger/ledger"
	"beianledger/ledger/notify"
)

// notifyForm is Settings → Notifications: the channels that carry
// reminders out of the app (e-mail, 企业微信, 钉钉, 飞书, webhook), a test
// button per channel that shows the platform's own answer, and how to
// have `beianledger notify` run daily. Channels and their sealed secrets
// are stored through ledger/notify, exactly as the command line does.
type notifyForm struct {
	u        *ui
	rows     []*channelRow
	list     *fyne.Container
	add      *widget.Button
	msg      *widget.Label
	dialog   *channelDialog // the add dialog, while open (tests)
	relayout func()
	content  fyne.CanvasObject
	sched    *scheduleForm
}

// channelRow is one channel in the list.
type channelRow struct {
	ch           notify.Stored
	test, remove *widget.Button
}

// channelStore is the vault's store with its channel methods: u.store
// counts writes but hides them.
type channelStore struct {
	ledger.Store
	ledger.ChannelReader
}

func (f *notifyForm) store() (channelStore, bool) {
	u := f.u
	if u.store == nil || u.v == nil {
		return channelStore{}, false
	}
	cr, ok := u.v.Store().(ledger.ChannelReader)
	return channelStore{Store: u.store, ChannelReader: cr}, ok
}

func newNotifyForm(u *ui) *notifyForm {
	f := &notifyForm{u: u}
	f.list = container.NewVBox()
	f.msg = widget.NewLabel("")
	f.msg.Wrapping = fyne.TextWrapWord
	f.msg.Hide()
	f.add = widget.NewButtonWithIcon(u.t("notify.add"), theme.ContentAddIcon(), f.openAdd)
	if u.readOnly {
		f.add.Disable()
	}
	f.sched = newScheduleForm(u)
	f.content = container.NewVBox(f.list, container.NewHBox(f.add), f.msg, f.sched.content)
	return f
}

func (f *notifyForm) load() {
	u := f.u
	f.sched.load()
	st, ok := f.store()
	if !ok {
		return
	}
	u.async(func() func() {
		chs, err := notify.LoadChannels(st)
		return func() {
			if err != nil {
				u.showError(u.t("load.failed"), err)
				return
			}
			f.show(chs)
		}
	})
}

func (f *notifyForm) show(chs []notify.Stored) {
	u := f.u
	f.rows = nil
	f.list.RemoveAll()
	if len(chs) == 0 {
		none := widget.NewLabel(u.t("notify.none"))
		none.Importance = widget.LowImportance
		f.list.Add(none)
	}
	for _, ch := range chs {
		r := &channelRow{ch: ch}
		r.test = widget.NewButtonWithIcon(u.t("notify.test"), theme.MailSendIcon(), func() { f.sendTest(r) })
		r.remove = widget.NewButtonWithIcon(u.t("notify.remove"), theme.DeleteIcon(), func() { f.confirmRemove(r) })
		if u.readOnly {
			r.remove.Disable()
		}
		where := ch.Config.Endpoint
		if ch.Config.Kind == notify.KindEmail {
			where = ch.Config.SMTPHost + ":" + strconv.Itoa(ch.Config.SMTPPort) + " → " + strings.Join(ch.Config.To, ", ")
		}
		label := widget.NewLabel(ch.Config.Label + " · " + u.t("notify.kind."+ch.Config.Kind) + " · " + where)
		label.Truncation = fyne.TextTruncateEllipsis
		f.list.Add(container.NewBorder(nil, nil, nil, container.NewHBox(r.test, r.remove), label))
		f.rows = append(f.rows, r)
	}
	if f.relayout != nil {
		f.relayout()
	}
}

func (f *notifyForm) say(ok bool, text string) {
	f.msg.Importance = widget.SuccessImportance
	if !ok {
		f.msg.Importance = widget.DangerImportance
	}
	f.msg.SetText(text)
	f.msg.Show()
	if f.relayout != nil {
		f.relayout()
	}
}

// sendTest sends a test message through the same sender as a real digest
// and shows the platform's answer.
func (f *notifyForm) sendTest(r *channelRow) {
	u := f.u
	st, ok := f.store()
	if !ok {
		return
	}
	u.touch()
	r.test.Disable()
	today := ledger.DateOf(u.clock.Now())
	u.async(func() func() {
		sec, err := notify.OpenSecret(st, r.ch)
		var res sender.Result
		if err == nil {
			d := notify.TestDigest(today, nil, nil)
			res = sender.Send(context.Background(), sender.Target{Config: r.ch.Config, Secret: sec}, d, sender.Options{})
			err = res.Err
		}
		return func() {
			r.test.Enable()
			if err != nil {
				f.say(false, u.t("notify.testFailed", r.ch.Config.Label, err.Error()))
				return
			}
			f.say(true, u.t("notify.testSent", r.ch.Config.Label))
		}
	})
}

func (f *notifyForm) confirmRemove(r *channelRow) {
	u := f.u
	u.confirm(u.t("notify.removeTitle"), u.t("notify.removeAsk", r.ch.Config.Label), u.t("notify.remove"), func() {
		st, ok := f.store()
		if !ok {
			return
		}
		u.async(func() func() {
			err := notify.RemoveChannel(st, r.ch.ID)
			return func() {
				if err != nil {
					u.showError(u.t("settings.saveFailed"), err)
					return
				}
				f.load()
			}
		})
	})
}

// channelDialog adds a channel.
type channelDialog struct {
	d                                            *modal
	kind, preset, tls                            *widget.Select
	label, url, sign, host, port, from, user, to *entry
	password, mention                            *entry
	mailBox, hookBox                             *fyne.Container
	hint, msg                                    *widget.Label
	save, cancel                                 *widget.Button
	kinds                                        []string
}

func (f *notifyForm) openAdd() {
	u := f.u
	c := &channelDialog{kinds: notify.Kinds}
	var kindNames []string
	for _, k := range c.kinds {
		kindNames = append(kindNames, u.t("notify.kind."+k))
	}
	c.label, c.url, c.sign = newEntry(u), newPasswordEntry(u), newPasswordEntry(u)
	c.host, c.port, c.from, c.user, c.to = newEntry(u), newEntry(u), newEntry(u), newEntry(u), newEntry(u)
	c.password, c.mention = newPasswordEntry(u), newEntry(u)
	c.url.SetPlaceHolder("https://…")
	c.to.SetPlaceHolder("admin@example.cn, backup@example.cn")
	c.mention.SetPlaceHolder("13800138000")
	c.tls = widget.NewSelect([]string{notify.TLSImplicit, notify.TLSStartTLS}, nil)
	c.hint = widget.NewLabel("")
	c.hint.Wrapping = fyne.TextWrapWord
	c.hint.Importance = widget.LowImportance
	var presetNames []string
	for _, p := range notify.Presets {
		presetNames = append(presetNames, p.Title)
	}
	c.preset = widget.NewSelect(presetNames, func(title string) {
		for _, p := range notify.Presets {
			if p.Title == title {
				c.host.SetText(p.Host)
				c.port.SetText(strconv.Itoa(p.Port))
				c.tls.SetSelected(p.TLS)
				c.hint.SetText(u.pick(p.HintZH, p.HintEN))
			}
		}
	})
	c.mailBox = container.NewVBox(widget.NewForm(
		widget.NewFormItem(u.t("notify.preset"), c.preset),
		widget.NewFormItem(u.t("notify.host"), c.host),
		widget.NewFormItem(u.t("notify.port"), c.port),
		widget.NewFormItem("TLS", c.tls),
		widget.NewFormItem(u.t("notify.from"), c.from),
		widget.NewFormItem(u.t("notify.user"), c.user),
		widget.NewFormItem(u.t("notify.password"), c.password),
		widget.NewFormItem(u.t("notify.to"), c.to),
	), c.hint)
	c.hookBox = container.NewVBox(widget.NewForm(
		widget.NewFormItem(u.t("notify.url"), c.url),
		widget.NewFormItem(u.t("notify.sign"), c.sign),
		widget.NewFormItem(u.t("notify.mention"), c.mention),
	))
	c.kind = widget.NewSelect(kindNames, func(name string) {
		mail := name == kindNames[0]
		c.mailBox.Hidden, c.hookBox.Hidden = !mail, mail
		c.mailBox.Refresh()
		c.hookBox.Refresh()
	})
	c.msg = widget.NewLabel("")
	c.msg.Wrapping = fyne.TextWrapWord
	c.msg.Importance = widget.DangerImportance
	c.msg.Hide()
	body := container.NewVBox(widget.NewForm(
		widget.NewFormItem(u.t("notify.kind"), c.kind),
		widget.NewFormItem(u.t("notify.label"), c.label)), c.mailBox, c.hookBox, c.msg)
	c.d = u.newModal(u.t("notify.add"), theme.MailComposeIcon(), container.NewGridWrap(fyne.NewSize(520, 460), vscrollForm(body)))
	c.cancel = widget.NewButton(u.t("button.cancel"), func() { c.d.Hide(); f.dialog = nil })
	c.save = widget.NewButton(u.t("notify.save"), func() { f.saveChannel(c) })
	c.save.Importance = widget.HighImportance
	c.d.setButtons(c.cancel, c.save)
	c.kind.SetSelected(kindNames[1])
	f.dialog = c
	c.d.Show()
}

// pick chooses the text of the interface language.
func (u *ui) pick(zh, en string) string {
	if u.lang == i18n.ZH {
		return zh
	}
	return en
}

func (f *notifyForm) saveChannel(c *channelDialog) {
	u := f.u
	st, ok := f.store()
	if !ok || u.readOnly {
		return
	}
	kind := c.kinds[c.kind.SelectedIndex()]
	cfg := notify.Config{Kind: kind, Label: strings.TrimSpace(c.label.Text)}
	var sec notify.Secret
	if kind == notify.KindEmail {
		cfg.SMTPHost, cfg.TLS = strings.TrimSpace(c.host.Text), c.tls.Selected
		if p := strings.TrimSpace(c.port.Text); p != "" {
			n, err := strconv.Atoi(p)
			if err != nil {
				c.fail(u.t("notify.badPort"))
				return
			}
			cfg.SMTPPort = n
		}
		cfg.From, cfg.User = strings.TrimSpace(c.from.Text), strings.TrimSpace(c.user.Text)
		cfg.To = splitAddrs(c.to.Text)
		sec.Password = c.password.Text
	} else {
		sec.URL, sec.Sign = strings.TrimSpace(c.url.Text), strings.TrimSpace(c.sign.Text)
		cfg.Mobiles = splitAddrs(c.mention.Text)
	}
	c.save.Disable()
	u.async(func() func() {
		_, err := notify.AddChannel(st, cfg, sec)
		return func() {
			c.save.Enable()
			if err != nil {
				if errors.Is(err, notify.ErrInvalid) {
					c.fail(u.pick(invalidText(err, 0), invalidText(err, 1)))
					return
				}
				u.showError(u.t("settings.saveFailed"), err)
				return
			}
			c.password.SetText("")
			c.url.SetText("")
			c.sign.SetText("")
			c.d.Hide()
			f.dialog = nil
			f.say(true, u.t("notify.added", cfg.Label))
			f.load()
		}
	})
}

func (c *channelDialog) fail(text string) {
	c.msg.SetText(text)
	c.msg.Show()
}

// invalidText is the Chinese (0) or English (1) half of a validation
// error ("invalid channel: 中文 / English").
func invalidText(err error, half int) string {
	s := strings.TrimPrefix(err.Error(), notify.ErrInvalid.Error()+": ")
	parts := strings.SplitN(s, " / ", 2)
	if len(parts) == 2 {
		return parts[half]
	}
	return s
}

func splitAddrs(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ';' || r == '；' || r == ' ' || r == '、' }) {
		out = append(out, f)
	}
	return out
}
