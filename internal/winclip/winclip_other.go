//go:build !windows

package winclip

import "errors"

// Set is not available outside Windows.
func Set(hwnd uintptr, text string) error { return errors.ErrUnsupported }
