package winclip

import (
	"errors"
	"fmt"
	"runtime"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	user32               = windows.NewLazySystemDLL("user32.dll")
	kernel32             = windows.NewLazySystemDLL("kernel32.dll")
	procOpenClipboard    = user32.NewProc("OpenClipboard")
	procCloseClipboard   = user32.NewProc("CloseClipboard")
	procEmptyClipboard   = user32.NewProc("EmptyClipboard")
	procSetClipboardData = user32.NewProc("SetClipboardData")
	procRegisterFormat   = user32.NewProc("RegisterClipboardFormatW")
	procGlobalAlloc      = kernel32.NewProc("GlobalAlloc")
	procGlobalLock       = kernel32.NewProc("GlobalLock")
	procGlobalUnlock     = kernel32.NewProc("GlobalUnlock")
	procGlobalFree       = kernel32.NewProc("GlobalFree")
	procMoveMemory       = kernel32.NewProc("RtlMoveMemory")
)

const (
	cfUnicodeText = 13
	gmemMoveable  = 0x0002
)

// Formats are the clipboard formats that keep the text out of the history
// and the cloud clipboard.
var Formats = []string{"ExcludeClipboardContentFromMonitorProcessing", "CanIncludeInClipboardHistory", "CanUploadToCloudClipboard"}

// Set puts text on the clipboard for the window hwnd (a clipboard opened
// without an owner refuses SetClipboardData) with the formats above.
//
// The clipboard is opened by a thread, not a process: EmptyClipboard and
// SetClipboardData fail with "Clipboard not open" on any other thread, so
// the goroutine stays on its thread from open to close. Another program
// (a clipboard manager, a remote desktop) may hold the clipboard for a
// moment; opening is tried again for up to half a second.
func Set(hwnd uintptr, text string) error {
	if hwnd == 0 {
		return errors.New("winclip: no window to own the clipboard")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := open(hwnd); err != nil {
		return err
	}
	defer procCloseClipboard.Call()
	if r, _, err := procEmptyClipboard.Call(); r == 0 {
		return fmt.Errorf("EmptyClipboard: %v", err)
	}
	u, err := windows.UTF16FromString(text)
	if err != nil {
		return err
	}
	defer clear(u)
	if err := setData(cfUnicodeText, unsafe.Pointer(&u[0]), uintptr(len(u)*2)); err != nil {
		return err
	}
	zero := uint32(0)
	for _, name := range Formats {
		f, err := Register(name)
		if err != nil {
			return err
		}
		if err := setData(f, unsafe.Pointer(&zero), 4); err != nil {
			return err
		}
	}
	return nil
}

// open opens the clipboard for hwnd on the calling thread, waiting up to
// half a second for another program to close it.
func open(hwnd uintptr) error {
	var err error
	for try := 0; try < 25; try++ {
		var r uintptr
		if r, _, err = procOpenClipboard.Call(hwnd); r != 0 {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("OpenClipboard: %v", err)
}

// Register returns the id of the registered clipboard format name.
func Register(name string) (uintptr, error) {
	p, err := windows.UTF16PtrFromString(name)
	if err != nil {
		return 0, err
	}
	f, _, e := procRegisterFormat.Call(uintptr(unsafe.Pointer(p)))
	if f == 0 {
		return 0, fmt.Errorf("RegisterClipboardFormat %s: %v", name, e)
	}
	return f, nil
}

// setData hands a global-memory copy of n bytes at p to the clipboard.
func setData(format uintptr, p unsafe.Pointer, n uintptr) error {
	h, _, err := procGlobalAlloc.Call(gmemMoveable, n)
	if h == 0 {
		return fmt.Errorf("GlobalAlloc: %v", err)
	}
	dst, _, err := procGlobalLock.Call(h)
	if dst == 0 {
		procGlobalFree.Call(h)
		return fmt.Errorf("GlobalLock: %v", err)
	}
	procMoveMemory.Call(dst, uintptr(p), n)
	procGlobalUnlock.Call(h)
	if r, _, err := procSetClipboardData.Call(format, h); r == 0 {
		procGlobalFree.Call(h) // still ours when the clipboard did not take it
		return fmt.Errorf("SetClipboardData: %v", err)
	}
	return nil
}
