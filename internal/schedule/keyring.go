package schedule

import (
	"errors"
	"time"

	gokeyring "github.com/zalando/go-keyring"
)

// KeyringService names this program's entries in the OS keyring.
const KeyringService = "beianledger"

// Keyring is where the scheduler key may live: the OS keyring.
type Keyring interface {
	Set(service, user, secret string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

// keyringTimeout bounds each keyring call: a Secret Service that wants to
// show an unlock prompt nobody answers must not hang an install or a
// scheduled run.
const keyringTimeout = 5 * time.Second

// ErrKeyringTimeout: the OS keyring did not answer in time.
var ErrKeyringTimeout = errors.New("the OS keyring did not answer within 5 s (locked, or waiting for a password prompt)")

type osKeyring struct{}

// OSKeyring is the system's keyring: the Secret Service (GNOME Keyring,
// KWallet) over D-Bus on Linux, the Credential Manager on Windows, the
// login Keychain on macOS.
func OSKeyring() Keyring { return osKeyring{} }

func bounded[T any](f func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := f()
		ch <- result{v, err}
	}()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-time.After(keyringTimeout):
		var zero T
		return zero, ErrKeyringTimeout
	}
}

func (osKeyring) Set(service, user, secret string) error {
	_, err := bounded(func() (struct{}, error) { return struct{}{}, gokeyring.Set(service, user, secret) })
	return err
}

func (osKeyring) Get(service, user string) (string, error) {
	return bounded(func() (string, error) { return gokeyring.Get(service, user) })
}

func (osKeyring) Delete(service, user string) error {
	_, err := bounded(func() (struct{}, error) { return struct{}{}, gokeyring.Delete(service, user) })
	return err
}
