//go:build !linux

package safefile

import (
	"errors"
	"os"
)

func openAnonymous(string) (*os.File, bool) { return nil, false }

func linkAnonymous(*os.File, string, string) (string, error) {
	return "", errors.New("no unnamed files here")
}
