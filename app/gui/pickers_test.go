package gui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
)

// dialogParts finds the file dialog's file list and confirm button in the
// window's top overlay.
func dialogParts(t *testing.T, h *harness, confirm string) (files *widget.GridWrap, ok *widget.Button, texts []string) {
	t.Helper()
	top := overlayContent(h.win.Canvas().Overlays().Top())
	if top == nil {
		t.Fatalf("no file dialog on top: %T", h.win.Canvas().Overlays().Top())
	}
	walkParts(top, func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.GridWrap:
			files = w
		case *widget.Button:
			if w.Text == confirm {
				ok = w
			}
		}
	})
	return files, ok, visibleTexts(top)
}

// TestFileDialogInInterfaceLanguage: the file dialog speaks the interface
// language, not the system's — its title, buttons, the parent folder and
// the favourite places, which the toolkit names in English — and the
// vault picker starts in the last vault's folder, where picking the file
// and Open lead to its unlock screen (issue 19, item 10).
func TestFileDialogInInterfaceLanguage(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(1))
	path := h.u.path
	h.press(scLock)
	h.u.showStart()
	if got := lang.L("Open"); got != "打开" {
		t.Errorf("the toolkit's Open in the Chinese interface: %q", got)
	}
	h.u.start.pickVault()
	files, ok, texts := dialogParts(t, h, "打开")
	for _, want := range []string{"选择要打开的文件", "取消", "打开", "(上一级)", "主文件夹", "计算机"} {
		if !slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, want) }) {
			t.Errorf("the Chinese file dialog lacks %q: %q", want, texts)
		}
	}
	for _, english := range []string{"Home", "Computer", "Open", "Cancel", "(Parent)", "Open File"} {
		if slices.Contains(texts, english) {
			t.Errorf("the Chinese file dialog shows %q: %q", english, texts)
		}
	}
	// It shows the last vault's folder: the parent, then the vault.
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if !slices.Contains(texts, name) {
		t.Fatalf("the dialog does not show %q from the last vault's folder: %q", name, texts)
	}
	if files == nil || ok == nil {
		t.Fatalf("file list %v, Open button %v", files, ok)
	}
	if !ok.Disabled() {
		t.Error("Open enabled before a file was chosen")
	}
	files.Select(1)
	if ok.Disabled() {
		t.Fatal("Open still disabled with the vault chosen")
	}
	test.Tap(ok)
	if h.u.unlock == nil || h.u.path != path {
		t.Fatalf("Open in the dialog did not lead to the vault's unlock screen: %q", h.u.path)
	}

	// In English, English words.
	h.u.setLang(i18n.EN)
	h.u.showStart()
	h.u.start.pickVault()
	_, ok, texts = dialogParts(t, h, "Open")
	for _, want := range []string{"Choose a file to open", "Cancel", "Home", "Computer", "(Parent)"} {
		if !slices.Contains(texts, want) {
			t.Errorf("the English file dialog lacks %q: %q", want, texts)
		}
	}
	if ok == nil {
		t.Error("no Open button in the English dialog")
	}
	if slices.ContainsFunc(texts, func(s string) bool { return strings.ContainsAny(s, "打开取消主") }) {
		t.Errorf("the English file dialog shows Chinese: %q", texts)
	}
}

// TestSaveOverAFileAsksInChinese: saving over a file asks in the interface
// language (the toolkit asks "Overwrite?" in English whatever the
// language), and Yes saves there.
func TestSaveOverAFileAsksInChinese(t *testing.T) {
	h := start(t, i18n.ZH, "")
	dir := t.TempDir()
	target := filepath.Join(dir, "授权委托书.docx")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	saved := ""
	h.u.pickSave(pickOptions{dir: dir, name: filepath.Base(target)}, func(p string) { saved = p })
	_, save, _ := dialogParts(t, h, "保存")
	if save == nil {
		t.Fatal("no 保存 button in the save dialog")
	}
	test.Tap(save)
	texts := visibleTexts(h.win.Canvas().Overlays().Top())
	for _, want := range []string{"替换文件？", "“授权委托书.docx”已存在，要替换它吗？", "是", "否"} {
		if !slices.Contains(texts, want) {
			t.Errorf("the question lacks %q: %q", want, texts)
		}
	}
	for _, s := range texts {
		if strings.Contains(s, "Overwrite") || strings.Contains(s, "Are you sure") {
			t.Errorf("the question shows English: %q", s)
		}
	}
	var yes *widget.Button
	walkParts(overlayContent(h.win.Canvas().Overlays().Top()), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "是" {
			yes = b
		}
	})
	if yes == nil {
		t.Fatal("no 是 button")
	}
	test.Tap(yes)
	if saved != target {
		t.Fatalf("Yes saved to %q, want %q", saved, target)
	}
}

// TestIdentityFileIsPicked: a backup contact chooses the identity file in
// the file dialog on the unlock screen instead of typing its path; the
// dialog starts in the folder of the path there, and the passphrase field
// has the cursor after (issue 19, item 10).
func TestIdentityFileIsPicked(t *testing.T) {
	h := start(t, i18n.ZH, makeVault(t, fillDemo(1)))
	s := h.u.unlock
	if s == nil || s.idPick == nil {
		t.Fatal("no unlock screen with a way to pick the identity file")
	}
	dir := t.TempDir()
	id := filepath.Join(dir, "王五.identity")
	if err := os.WriteFile(id, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.idFile.SetText(filepath.Join(dir, "typed-before"))
	test.Tap(s.idPick)
	files, open, texts := dialogParts(t, h, "打开")
	if files == nil || open == nil {
		t.Fatalf("no file dialog: %q", texts)
	}
	if !slices.Contains(texts, "王五") {
		t.Fatalf("the dialog is not in the identity file's folder: %q", texts)
	}
	files.Select(1)
	test.Tap(open)
	if s.idFile.Text != id {
		t.Fatalf("identity file %q, want %q", s.idFile.Text, id)
	}
	if h.win.Canvas().Focused() != s.pass {
		t.Errorf("focus on %T after choosing the identity file, want the passphrase", h.win.Canvas().Focused())
	}
}
