package main

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// attachConsole connects a command to the console it was typed in. The
// Windows build is linked as a GUI program (-H windowsgui) so that a
// double-click opens no black console window; such a program starts with no
// console, and without this `beianledger.exe list` in cmd or PowerShell
// would print nothing. Handles that were redirected (`> out.json`, a pipe)
// are valid already and are kept. Started from Explorer there is no parent
// console: nothing changes.
func attachConsole() {
	const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS, (DWORD)-1
	if r, _, _ := procAttachConsole.Call(attachParentProcess); r == 0 {
		return
	}
	rebind := func(std uint32, f **os.File, name string, mode int) {
		if h, err := windows.GetStdHandle(std); err == nil && h != 0 && h != windows.InvalidHandle {
			return // redirected by the caller
		}
		c, err := os.OpenFile(name, mode, 0)
		if err != nil {
			return
		}
		*f = c
		windows.SetStdHandle(std, windows.Handle(c.Fd()))
	}
	rebind(windows.STD_INPUT_HANDLE, &os.Stdin, "CONIN$", os.O_RDWR)
	rebind(windows.STD_OUTPUT_HANDLE, &os.Stdout, "CONOUT$", os.O_RDWR)
	rebind(windows.STD_ERROR_HANDLE, &os.Stderr, "CONOUT$", os.O_RDWR)
}

// PortableMarker is the file that the portable zip puts beside
// beianledger.exe. With it, settings, the demo vault and the start folder
// of file dialogs live in a "data" folder beside the program (a USB stick,
// a shared drive), as in KeePassXC's portable zip, and nothing is written
// to the user's profile. Deleting the marker makes the copy an ordinary
// per-user installation.
const PortableMarker = ".portable"

// usePortableFolder points the user's profile folders at the data folder
// when the marker is there. Fyne keeps its preferences under
// %USERPROFILE%\AppData\Roaming and the app its demo vault under
// %APPDATA%; both are read after this, when the window starts.
func usePortableFolder() {
	exe, err := os.Executable()
	if err != nil {
		return
	}
	dir := filepath.Dir(exe)
	if _, err := os.Stat(filepath.Join(dir, PortableMarker)); err != nil {
		return
	}
	data := filepath.Join(dir, "data")
	roaming := filepath.Join(data, "AppData", "Roaming")
	if err := os.MkdirAll(roaming, 0o700); err != nil {
		return // a read-only medium: fall back to the user's profile
	}
	os.MkdirAll(filepath.Join(data, "Documents"), 0o700)
	os.Setenv("USERPROFILE", data)
	os.Setenv("APPDATA", roaming)
}
