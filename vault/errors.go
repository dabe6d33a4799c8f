package vault

import "errors"

// Sentinel errors. Callers test them with errors.Is; the wrapped message adds
// context but never secret material.
var (
	// ErrNotVault means the file is not a Beian Ledger vault at all (wrong
	// magic, empty, a directory, too short to hold a header).
	ErrNotVault = errors.New("not a Beian Ledger vault")

	// ErrDamaged means the file is a vault but some byte is not what was
	// written: a checksum, a MAC or an AEAD tag failed, or the structure is
	// impossible. The file must be restored from a backup.
	ErrDamaged = errors.New("vault file is damaged or has been tampered with")

	// ErrNotSignedByAWayIn means the file's save signature does not verify
	// against any of its key slots: someone who holds none of the ways in
	// wrote it (a forgery), or it was damaged. It always comes with
	// ErrDamaged.
	ErrNotSignedByAWayIn = errors.New("the file was not saved by any of its ways in")

	// ErrUnsupportedVersion means the file was written by a newer program.
	ErrUnsupportedVersion = errors.New("vault format version not supported by this program")

	// ErrHostileKDF means a slot asks for key-derivation work beyond the
	// ceiling; it is refused before any KDF runs.
	ErrHostileKDF = errors.New("key-derivation parameters are outside the safe range")

	// ErrWrongKey means no key slot could be opened with what was given.
	ErrWrongKey = errors.New("cannot unlock the vault")

	// ErrConflict means the file on disk changed since it was loaded.
	ErrConflict = errors.New("the vault was changed on disk by someone else")

	// ErrLocked means another live writer holds the vault's lock file.
	ErrLocked = errors.New("the vault is open for writing elsewhere")

	// ErrSlotInUse refuses removing the slot this session was unlocked with.
	ErrSlotInUse = errors.New("cannot remove the key slot that is in use")

	// ErrLastSlot refuses removing the only remaining way in.
	ErrLastSlot = errors.New("cannot remove the last key slot")

	// ErrSlotNotFound means no slot matched the given id or label.
	ErrSlotNotFound = errors.New("no such key slot")

	// ErrReadOnly means a write was attempted on a vault opened read-only.
	ErrReadOnly = errors.New("the vault is open read-only")

	// ErrClosed means the vault has been locked (keys destroyed).
	ErrClosed = errors.New("the vault is locked")

	// ErrSaveFailed wraps I/O errors during save; the vault on disk is the
	// previous version, untouched.
	ErrSaveFailed = errors.New("saving failed; the vault file on disk was not changed")

	// ErrBadRecoveryKey means a recovery key string is malformed or its
	// checksum does not match (a typo).
	ErrBadRecoveryKey = errors.New("recovery key is malformed or mistyped")

	// ErrBadIdentity means an identity file or recipient string is malformed.
	ErrBadIdentity = errors.New("identity or recipient is malformed")
)
