package winclip

import (
	"os"
	"runtime"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	procCreateWindowEx   = user32.NewProc("CreateWindowExW")
	procDestroyWindow    = user32.NewProc("DestroyWindow")
	procGetClipboardData = user32.NewProc("GetClipboardData")
	procIsFormatAvail    = user32.NewProc("IsClipboardFormatAvailable")
)

// A copied password goes on the clipboard as text, with the three formats
// that keep it out of the clipboard history and the cloud clipboard, each
// holding 0. Run under Wine by scripts/release-check (a Windows test
// binary; BEIANLEDGER_WINCLIP_TEST=1), skipped elsewhere.
func TestSetMarksTheSecret(t *testing.T) {
	if os.Getenv("BEIANLEDGER_WINCLIP_TEST") != "1" {
		t.Skip("needs a desktop: scripts/release-check runs it under Wine")
	}
	// The window and the clipboard's reading below belong to one thread.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cls, _ := windows.UTF16PtrFromString("STATIC")
	const hwndMessage = ^uintptr(2) // HWND_MESSAGE (-3): a message-only window
	hwnd, _, err := procCreateWindowEx.Call(0, uintptr(unsafe.Pointer(cls)), 0, 0, 0, 0, 0, 0, hwndMessage, 0, 0, 0)
	if hwnd == 0 {
		t.Fatalf("CreateWindowEx: %v", err)
	}
	defer procDestroyWindow.Call(hwnd)
	secret := "Pa55-口令-Ω"
	if err := Set(hwnd, secret); err != nil {
		t.Fatal(err)
	}
	if err := open(hwnd); err != nil {
		t.Fatal(err)
	}
	defer procCloseClipboard.Call()
	h, _, err := procGetClipboardData.Call(cfUnicodeText)
	if h == 0 {
		t.Fatalf("no text on the clipboard: %v", err)
	}
	got := windows.UTF16ToString(readUTF16(h, len(secret)*2+2))
	if got != secret {
		t.Fatalf("clipboard text %q, want %q", got, secret)
	}
	for _, name := range Formats {
		f, err := Register(name)
		if err != nil {
			t.Fatal(err)
		}
		if r, _, _ := procIsFormatAvail.Call(f); r == 0 {
			t.Fatalf("format %s not on the clipboard", name)
		}
		h, _, _ := procGetClipboardData.Call(f)
		if h == 0 {
			t.Fatalf("no data for %s", name)
		}
		var v uint32
		p, _, _ := procGlobalLock.Call(h)
		procMoveMemory.Call(uintptr(unsafe.Pointer(&v)), p, 4)
		procGlobalUnlock.Call(h)
		if v != 0 {
			t.Fatalf("%s = %d, want 0", name, v)
		}
	}
	t.Logf("text and %d exclusion formats on the clipboard", len(Formats))
}

// readUTF16 copies up to n UTF-16 units of the global memory h.
func readUTF16(h uintptr, n int) []uint16 {
	procGlobalSize := kernel32.NewProc("GlobalSize")
	size, _, _ := procGlobalSize.Call(h)
	if units := int(size / 2); units < n {
		n = units
	}
	buf := make([]uint16, n)
	if n == 0 {
		return buf
	}
	p, _, _ := procGlobalLock.Call(h)
	procMoveMemory.Call(uintptr(unsafe.Pointer(&buf[0])), p, uintptr(n*2))
	procGlobalUnlock.Call(h)
	return buf
}
