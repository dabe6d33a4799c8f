// Package vault keeps the ledger in one encrypted file.
//
// # Shape
//
// A vault file is a clear header (magic, version, UUID, generation, key
// slots, a MAC and a checksum) followed by one XChaCha20-Poly1305 payload:
// the SQLite database image. While open, the database lives only in memory
// (modernc.org/sqlite, deserialised); plaintext never touches the disk.
// docs/vault-format.md gives the byte layout.
//
// # Keys
//
// A random 256-bit master key is sealed once per key slot to the slot's
// X25519 public key. A slot's secret scalar comes from a passphrase
// (Argon2id), a backup contact's identity file, or a recovery key. Because
// every slot is a public key, the master key can be rotated and re-wrapped
// for all remaining slots when a person is removed, without their secrets.
// Keys live in memguard Enclaves and are opened only around a crypto call.
//
// # Saving
//
// Save writes a temporary file beside the vault, fsyncs it, links the old
// file into the backups folder, renames the new one over it and fsyncs the
// folder, so a crash leaves the old or the new vault, never a broken one.
// A generation counter refuses to overwrite a file someone else saved, and
// an advisory lock file serialises writers.
package vault

import (
	"bytes"
	"context"
	"crypto/subtle"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"beianledger/ledger"

	"github.com/awnumar/memguard"
	"github.com/google/uuid"
	"golang.org/x/crypto/chacha20poly1305"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Options tune how a vault is opened or created.
type Options struct {
	// ReadOnly opens without taking the writer lock; Save is refused.
	ReadOnly bool
	// LockTimeout is how long to wait for another live writer.
	LockTimeout time.Duration
	// TakeOverLock takes the lock even if its holder may be alive (after
	// the user agreed to it).
	TakeOverLock bool
	// KeepBackups is how many older versions to keep (default 10, <0: none).
	KeepBackups int
	// Now is the clock (default time.Now).
	Now func() time.Time
	// KnownDir is where this user's memory of each vault is kept (see
	// known.go); "" is the default (BEIANLEDGER_KNOWN_DIR, else the config
	// folder), "-" keeps none.
	KnownDir string
	// AcceptRollback opens a file older than the newest seen here, and
	// AcceptChanges one whose ways in changed since it was last seen here
	// (after the user read the ChangeError and agreed).
	AcceptRollback, AcceptChanges bool
	// Credentials asks for a WebDAV share's user name and password when
	// BEIANLEDGER_WEBDAV_USER/_PASSWORD are not set and the share wants
	// them (webdav.go); nil: none are asked for.
	Credentials RemoteCredentials
	// CacheDir holds the copies of vaults on shares; "" is the default
	// (BEIANLEDGER_CACHE_DIR, else the user's cache folder).
	CacheDir string
	// BaseOnDisk is for a writer that lives for one command: where a file
	// can be replaced while it is open (not Windows), the merge base is
	// the opened file itself, read again through its descriptor if a merge
	// needs it, instead of a copy kept in memory (basesealed.go).
	BaseOnDisk bool
}

// baseOnDisk says whether BaseOnDisk applies here.
func (o *Options) baseOnDisk() bool { return o.BaseOnDisk && replaceableWhileOpen }

func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Vault is an open, unlocked vault. Its methods are safe for concurrent use.
type Vault struct {
	mu       sync.Mutex
	path     string
	opts     Options
	hdr      *header
	master   *memguard.Enclave
	fieldKey *memguard.Enclave // guarded by fkMu, not mu: sealing runs inside Tx
	fkMu     sync.RWMutex
	db       *sql.DB // set before the Vault is shared; cleared under mu and dbMu
	noScrub  bool    // LockAtExit: close the database without emptying it first
	dbMu     sync.RWMutex
	inUse    [16]byte          // id of the slot this session unlocked
	signKey  *memguard.Enclave // that slot's secret scalar: signs every save
	loaded   loadInfo          // who signed the file as it was opened
	// firstSight: this computer had no memory of the vault when it opened.
	firstSight bool
	// baseImage and baseSlots are the version this session loaded or last
	// saved: the base of a three-way merge with another writer's save.
	baseImage *sqliteBuf
	// baseSealed is the merge base kept as the sealed file (basesealed.go);
	// at most one of baseImage and baseSealed is set.
	baseSealed *sealedBase
	basePre    *basePrefetch // the sealed base being opened ahead of a merge
	baseSlots  []slot
	// baseFK is the field key of baseImage when that is another writer's
	// save taken in by Reload; nil: this session's field key.
	baseFK *memguard.Enclave
	// saveFailed: the last save failed, so the session holds changes that
	// are not on disk.
	saveFailed bool
	lastMerge  *MergeReport
	// mergedSum is the checksum of another writer's save merged into this
	// session and not yet saved over.
	mergedSum [checksumLen]byte
	lock      *fileLock
	// remote links a vault on a WebDAV share to it; path is then the copy
	// kept on this computer (webdav.go).
	remote   *remoteState
	noPacked bool         // tests: the lean reads go row by row (remind_read.go)
	packed   atomic.Int64 // lean reads done packed, for tests
}

// SlotInfo describes a key slot without secrets.
type SlotInfo struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	Label     string    `json:"label"`
	Created   time.Time `json:"created"`
	InUse     bool      `json:"in_use"`
	KDF       string    `json:"kdf,omitempty"`
	Recipient string    `json:"recipient,omitempty"`
}

func slotID(id [16]byte) string { return uuid.UUID(id).String() }

// Create makes a new vault at path with one slot for key. It refuses to
// overwrite an existing file.
func Create(path string, key Key, label string, opts Options) (*Vault, error) {
	if IsRemote(path) {
		if _, err := checkRemoteURL(path); err != nil {
			return nil, err
		}
	} else if _, err := os.Lstat(path); err == nil {
		return nil, fmt.Errorf("create %s: a file already exists there", path)
	}
	if key.Kind() == SlotRecipient {
		if _, ok := key.(*Identity); !ok {
			return nil, errors.New("create: a vault must start with a key that can open it")
		}
	}
	v := &Vault{path: path, opts: opts}
	if IsRemote(path) {
		if err := createRemote(path, v, opts); err != nil {
			return nil, err
		}
	}
	v.hdr = &header{Version: FormatVersion, UUID: uuid.New()}
	v.master = memguard.NewEnclave(randomBytes(32))
	v.fieldKey = memguard.NewEnclave(randomBytes(32))
	s, sk, err := v.newSlot(key, label)
	if err != nil {
		v.destroyKeys()
		return nil, err
	}
	v.hdr.Slots = []slot{s}
	v.inUse = s.ID
	v.signKey = memguard.NewEnclave(sk) // wipes sk
	if v.db, err = newMemDB(); err != nil {
		v.destroyKeys()
		return nil, err
	}
	if err := migrate(v.db); err != nil {
		v.closeAll()
		return nil, err
	}
	if err := v.storeFieldKey(); err != nil {
		v.closeAll()
		return nil, err
	}
	if v.lock, err = acquireLock(v.path, opts); err != nil {
		v.closeAll()
		return nil, err
	}
	if err := v.auditLocked("vault.create", "", "vault created with a "+key.Kind().String()+" slot"); err != nil {
		v.closeAll()
		return nil, err
	}
	if err := v.saveLocked(); err != nil {
		v.closeAll()
		return nil, err
	}
	return v, nil
}

// Open reads and unlocks the vault at path with key. A path that is an
// https:// URL is a vault on a WebDAV share (webdav.go).
func Open(path string, key Key, opts Options) (*Vault, error) {
	if IsRemote(path) {
		return openRemote(path, key, opts)
	}
	lk, err := lockForWriting(path, opts)
	if err != nil {
		return nil, err
	}
	v, read, err := openFileNoCopy(path, key, opts)
	if !read {
		var data []byte
		data, err = readVaultFile(path)
		if err != nil {
			lk.release()
			return nil, err
		}
		v, err = openBytes(data, key, opts)
		wipe(data) // ciphertext, but no reason to keep it
	}
	if err != nil {
		lk.release()
		return nil, err
	}
	v.path = path
	if err := v.finishOpen(lk, path); err != nil {
		lk.release()
		return nil, err
	}
	return v, nil
}

// finishOpen checks the opened header against this user's memory of the
// vault and, for a writer (lk set), takes the lock over from the caller.
// On an error v is closed and lk is the caller's to release.
func (v *Vault) finishOpen(lk *fileLock, location string) error {
	opts := v.opts
	// Only now is the header known to come from a way in: compare it with
	// what this user saw before (rollback, ways in added or removed).
	// A memory that cannot be read (another user's folder) counts as none:
	// it must not lock the user out, and it only ever adds checks.
	known, _ := loadKnown(opts.knownDir(), v.hdr.UUID)
	if err := checkKnown(known, v.hdr, opts); err != nil {
		v.closeAll()
		return err
	}
	v.firstSight = known == nil
	_ = rememberKnown(opts.knownDir(), v.hdr, location, opts.now(), opts.AcceptRollback)
	if lk != nil {
		v.lock = lk
		removeOrphanTemps(v.path)
		if !v.hdr.signed() {
			// The user accepted an unsigned (version 1) file: sign it now,
			// so that it is never again open to a forged unsigned copy.
			v.mu.Lock()
			err := v.auditLocked("vault.sign", "", fmt.Sprintf("saved in the signed format (version %d)", FormatVersion))
			if err == nil {
				err = v.saveLocked()
			}
			v.mu.Unlock()
			if err != nil {
				v.lock = nil
				v.closeAll()
				return err
			}
		}
	}
	return nil
}

// MaxVaultSize is the largest vault file that is read (1 GiB): the whole
// file is decrypted in memory, so a larger one — or a device that never
// ends — is refused before anything is read.
const MaxVaultSize = 1 << 30

// openRegular opens path for reading only if it is a regular file. It
// opens without blocking, so a FIFO planted at the path cannot hang us.
func openRegular(path string) (*os.File, os.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("open vault: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("open vault: %w", err)
	}
	if fi.IsDir() {
		f.Close()
		return nil, nil, fmt.Errorf("%w: %s is a folder", ErrNotVault, path)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, fmt.Errorf("%w: %s is not a regular file", ErrNotVault, path)
	}
	return f, fi, nil
}

// readVaultFile reads a whole vault file after checking that it is a
// regular file of sane size that starts with the magic.
func readVaultFile(path string) ([]byte, error) {
	f, fi, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi.Size() > MaxVaultSize {
		return nil, fmt.Errorf("%w: %s is %d MiB, more than a vault can be (%d MiB)", ErrNotVault, path, fi.Size()>>20, MaxVaultSize>>20)
	}
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(f, head); err != nil || string(head) != magic {
		return nil, ErrNotVault
	}
	data := make([]byte, fi.Size())
	copy(data, head)
	n, err := io.ReadFull(f, data[len(magic):])
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("open vault: %w", err)
	}
	// A file that shrank meanwhile is read as it is (and fails its
	// authentication if it was cut short).
	return data[:len(magic)+n], nil
}

// Inspect parses a vault file's header without a key: its UUID,
// generation and slots. It checks structure and checksum only, and reads
// only the start of the file.
func Inspect(path string) (uuidStr string, generation uint64, slots []SlotInfo, err error) {
	if fi, err := os.Stat(path); err != nil {
		return "", 0, nil, fmt.Errorf("open vault: %w", err)
	} else if fi.IsDir() {
		return "", 0, nil, fmt.Errorf("%w: %s is a folder", ErrNotVault, path)
	}
	data, err := readHead(path)
	if err != nil {
		return "", 0, nil, fmt.Errorf("open vault: %w", err)
	}
	h, _, err := parseHeader(data)
	if err != nil {
		return "", 0, nil, err
	}
	for i := range h.Slots {
		slots = append(slots, slotInfo(&h.Slots[i], [16]byte{}))
	}
	return uuid.UUID(h.UUID).String(), h.Generation, slots, nil
}

// openBytes decrypts a whole vault file image.
func openBytes(data []byte, key Key, opts Options) (*Vault, error) {
	return openBytesWith(data, key, opts, func(db *sql.DB, image []byte) error {
		err := deserialize(db, image) // SQLite copies it
		wipe(image)
		return err
	})
}

// openBytesWith is openBytes with the step that gives the decrypted image
// (a part of data) to the new database: load owns image from then on and
// wipes it if it keeps no use for it (see adopt.go).
func openBytesWith(data []byte, key Key, opts Options, load func(db *sql.DB, image []byte) error) (*Vault, error) {
	return openBytesKeep(data, nil, key, opts, load)
}

// openBytesKeep is openBytesWith for data read from file f, which is kept
// open as the merge base (sealedBase.fd) instead of a copy of data when
// opts.BaseOnDisk; f is closed unless it became the base.
func openBytesKeep(data []byte, f *os.File, key Key, opts Options, load func(db *sql.DB, image []byte) error) (v *Vault, err error) {
	var base *sealedBase
	defer func() {
		if f != nil && (v == nil || v.baseSealed != base) {
			f.Close()
		}
	}()
	h, payloadOff, err := parseHeader(data)
	if err != nil {
		return nil, err
	}
	// The signature needs no key, and the KDF needs no payload: the two
	// run side by side (at 10,000 sites hashing the payload takes about
	// as long as the test-cost KDF), and so does the copy a writer keeps
	// as the merge base (basesealed.go). The signature's verdict comes
	// first: a file that no way in saved is refused whatever the
	// passphrase. The KDF's cost is bounded by the header's ceiling
	// (parseHeader), so a forged file cannot make it expensive.
	var sealedFile []byte
	sigErr, cloned := make(chan error, 1), make(chan struct{})
	go func() { sigErr <- verifySignature(h, data, payloadOff) }()
	switch {
	case opts.ReadOnly:
		close(cloned)
	case f != nil && opts.BaseOnDisk && len(data) >= payloadOff+chacha20poly1305.NonceSizeX:
		// What identifies this file: its header and the payload's nonce
		// (openSealedBase).
		base = &sealedBase{fd: f, size: len(data), prefix: bytes.Clone(data[:payloadOff+chacha20poly1305.NonceSizeX])}
		close(cloned)
	default:
		go func() { sealedFile = hugeClone(data); close(cloned) }()
	}
	v = &Vault{opts: opts, hdr: h}
	v.loaded = loadInfoOf(h)
	master, used, sk, err := unlock(h, key)
	// Nothing may touch data (decrypted in place below) before both
	// readers of it are done.
	serr := <-sigErr
	<-cloned
	if serr == nil {
		serr = err
	}
	if serr != nil {
		if err == nil {
			wipe(master)
			wipe(sk)
		}
		return nil, serr
	}
	v.inUse = used
	v.signKey = memguard.NewEnclave(sk) // wipes sk
	defer wipe(master)
	// The MAC proves the header (slots, generation) is the one written by a
	// holder of the master key, before we spend time on the payload.
	macKey := hkdfKey(master, nil, infoHeaderMAC)
	want := mac(macKey, h.encodeBody())
	wipe(macKey)
	if subtle.ConstantTimeCompare(want, h.MAC[:]) != 1 {
		return nil, fmt.Errorf("%w: header MAC mismatch", ErrDamaged)
	}
	pkey := hkdfKey(master, h.UUID[:], infoPayload)
	defer wipe(pkey)
	// The file buffer is ours: decrypt in place (no second copy of a
	// large image). A failed Open leaves it unchanged for the caller.
	image, err := openInPlace(pkey, data[payloadOff:], payloadAD(h, data, payloadOff))
	if err != nil {
		return nil, fmt.Errorf("%w: payload authentication failed", ErrDamaged)
	}
	v.master = memguard.NewEnclave(append([]byte(nil), master...))
	switch {
	case base != nil:
		base.key = memguard.NewEnclave(append([]byte(nil), pkey...))
		v.setBase(base, h.Slots)
	case !opts.ReadOnly:
		v.setBaseFile(sealedFile, pkey, h.Slots)
	}
	v.db, err = newMemDB()
	if err == nil {
		err = load(v.db, image)
	} else {
		wipe(image)
	}
	if err != nil {
		v.closeAll()
		return nil, fmt.Errorf("%w: database image: %v", ErrDamaged, err)
	}
	if err := migrate(v.db); err != nil {
		v.closeAll()
		return nil, err
	}
	if err := v.loadFieldKey(); err != nil {
		v.closeAll()
		return nil, err
	}
	return v, nil
}

// unlock tries every slot of key's kind and returns the master key, the
// id of the slot that opened and that slot's secret scalar (which signs
// this session's saves). A slot whose public key matches but whose wrapped
// key does not open is skipped — a slot copied from another vault with the
// same passphrase looks exactly like that — and reported as damage only if
// no other slot opens.
func unlock(h *header, key Key) ([]byte, [16]byte, []byte, error) {
	tried := 0
	var damaged *slot
	for i := range h.Slots {
		s := &h.Slots[i]
		if s.Type != key.Kind() {
			continue
		}
		tried++
		sk, err := key.scalar(h, s)
		if err != nil {
			if errors.Is(err, errAuth) {
				continue
			}
			return nil, [16]byte{}, nil, err
		}
		pk := x25519Pub(sk)
		if subtle.ConstantTimeCompare(pk, s.PublicKey[:]) != 1 {
			wipe(sk)
			continue // a different passphrase or key
		}
		master, err := unwrapWith(sk, s.EphPub[:], s.PublicKey[:], s.Wrapped, h.wrapAD(s))
		if err != nil || len(master) != 32 {
			// The key matched the slot's public key, so the wrapped bytes
			// were changed, or the slot belongs to another vault.
			wipe(sk)
			wipe(master)
			if damaged == nil {
				damaged = s
			}
			continue
		}
		return master, s.ID, sk, nil
	}
	if damaged != nil {
		return nil, [16]byte{}, nil, fmt.Errorf("%w: key slot %q does not unwrap", ErrDamaged, damaged.Label)
	}
	if tried == 0 {
		return nil, [16]byte{}, nil, fmt.Errorf("%w: this vault has no %s slot", ErrWrongKey, key.Kind())
	}
	return nil, [16]byte{}, nil, fmt.Errorf("%w: wrong %s", ErrWrongKey, key.Describe())
}

func (v *Vault) withMaster(f func(master []byte) error) error {
	if v.master == nil {
		return ErrClosed
	}
	buf, err := v.master.Open()
	if err != nil {
		return fmt.Errorf("master key: %v", err)
	}
	defer buf.Destroy()
	return f(buf.Bytes())
}

// newSlot creates a slot for key wrapping the current master key. It also
// returns the slot's secret scalar when key yields one (nil for a bare
// recipient); the caller wipes it.
func (v *Vault) newSlot(key Key, label string) (slot, []byte, error) {
	if len(label) > maxLabelBytes {
		return slot{}, nil, fmt.Errorf("label is longer than %d bytes", maxLabelBytes)
	}
	s := slot{Type: key.Kind(), ID: uuid.New(), Created: v.opts.now().Truncate(time.Second), Label: label}
	pk, sk, err := key.newSlot(&s)
	if err != nil {
		return slot{}, nil, err
	}
	if _, err := xeddsaPub(pk); err != nil {
		wipe(sk)
		return slot{}, nil, fmt.Errorf("%w: the public key cannot verify signatures", ErrBadIdentity)
	}
	copy(s.PublicKey[:], pk)
	err = v.withMaster(func(master []byte) error {
		eph, wrapped, err := wrapTo(s.PublicKey[:], master, v.hdr.wrapAD(&s))
		if err != nil {
			return err
		}
		copy(s.EphPub[:], eph)
		s.Wrapped = wrapped
		return nil
	})
	if err != nil {
		wipe(sk)
		return slot{}, nil, err
	}
	return s, sk, nil
}

func slotInfo(s *slot, inUse [16]byte) SlotInfo {
	si := SlotInfo{ID: slotID(s.ID), Type: s.Type.String(), Label: s.Label, Created: s.Created, InUse: s.ID == inUse}
	switch s.Type {
	case SlotPassphrase:
		si.KDF = s.KDF.String()
	case SlotRecipient:
		si.Recipient = Recipient(s.PublicKey).String()
	}
	return si
}

// Path is the vault file's path; for a vault on a share, its URL.
func (v *Vault) Path() string { return v.Location() }

// UUID is the vault's identity, the same in every copy and backup.
func (v *Vault) UUID() string { return uuid.UUID(v.hdr.UUID).String() }

// Generation counts saves.
func (v *Vault) Generation() uint64 {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.hdr.Generation
}

// Actor is the label of the slot this session unlocked: who the audit log
// says did things.
func (v *Vault) Actor() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	for i := range v.hdr.Slots {
		if v.hdr.Slots[i].ID == v.inUse {
			return v.hdr.Slots[i].Label
		}
	}
	return ""
}

// Slots lists the key slots.
func (v *Vault) Slots() []SlotInfo {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make([]SlotInfo, 0, len(v.hdr.Slots))
	for i := range v.hdr.Slots {
		out = append(out, slotInfo(&v.hdr.Slots[i], v.inUse))
	}
	return out
}

// AddKey adds a slot for key and saves.
func (v *Vault) AddKey(key Key, label string) (SlotInfo, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.writable(); err != nil {
		return SlotInfo{}, err
	}
	if len(v.hdr.Slots) >= maxSlots {
		return SlotInfo{}, fmt.Errorf("a vault holds at most %d key slots", maxSlots)
	}
	s, sk, err := v.newSlot(key, label)
	wipe(sk) // this session keeps signing with the slot it unlocked
	if err != nil {
		return SlotInfo{}, err
	}
	old := v.hdr.Slots
	v.hdr.Slots = append(append([]slot(nil), old...), s)
	if err := v.auditLocked("access.add", slotID(s.ID), fmt.Sprintf("added %s slot %q", s.Type, label)); err != nil {
		v.hdr.Slots = old
		return SlotInfo{}, err
	}
	if err := v.saveLocked(); err != nil {
		v.hdr.Slots = old
		return SlotInfo{}, err
	}
	return slotInfo(&s, v.inUse), nil
}

// AddRecipient adds a slot for a backup contact's public key.
func (v *Vault) AddRecipient(r Recipient, label string) (SlotInfo, error) {
	for _, s := range v.Slots() {
		if s.Recipient == r.String() {
			return SlotInfo{}, fmt.Errorf("recipient is already in slot %q", s.Label)
		}
	}
	return v.AddKey(recipientKey{pub: r}, label)
}

// FindSlot resolves a slot id (or unique prefix) or a label.
func (v *Vault) FindSlot(idOrLabel string) (SlotInfo, error) {
	var found []SlotInfo
	for _, s := range v.Slots() {
		if s.ID == idOrLabel || s.Label == idOrLabel {
			return s, nil
		}
		if len(idOrLabel) >= 4 && len(s.ID) > len(idOrLabel) && s.ID[:len(idOrLabel)] == idOrLabel {
			found = append(found, s)
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	if len(found) > 1 {
		return SlotInfo{}, fmt.Errorf("%q matches %d slots; give more of the id", idOrLabel, len(found))
	}
	return SlotInfo{}, fmt.Errorf("%w: %q", ErrSlotNotFound, idOrLabel)
}

// RemoveSlot removes a slot and rotates the master key: a fresh master key
// is wrapped to every remaining slot's public key and the payload is
// re-sealed, so copies the removed person may keep stay readable to them
// but no later save is. It refuses the slot in use and the last slot.
//
// Any way in opens every secret, so in the same save every live credential
// that holds a password is marked "rotate now" (the reminders then list
// them); flagged counts those newly marked.
func (v *Vault) RemoveSlot(id string) (removed SlotInfo, flagged int, err error) {
	removed, flagged, err = v.removeSlot(id)
	return
}

func (v *Vault) removeSlot(id string) (SlotInfo, int, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.writable(); err != nil {
		return SlotInfo{}, 0, err
	}
	idx := -1
	for i := range v.hdr.Slots {
		if slotID(v.hdr.Slots[i].ID) == id {
			idx = i
		}
	}
	if idx < 0 {
		return SlotInfo{}, 0, fmt.Errorf("%w: %q", ErrSlotNotFound, id)
	}
	removed := v.hdr.Slots[idx]
	if removed.ID == v.inUse {
		return SlotInfo{}, 0, ErrSlotInUse
	}
	if len(v.hdr.Slots) == 1 {
		return SlotInfo{}, 0, ErrLastSlot
	}
	oldSlots, oldMaster := v.hdr.Slots, v.master
	newMaster := memguard.NewEnclave(randomBytes(32))
	var kept []slot
	err := func() error {
		buf, err := newMaster.Open()
		if err != nil {
			return err
		}
		defer buf.Destroy()
		for i, s := range oldSlots {
			if i == idx {
				continue
			}
			eph, wrapped, err := wrapTo(s.PublicKey[:], buf.Bytes(), v.hdr.wrapAD(&s))
			if err != nil {
				return err
			}
			copy(s.EphPub[:], eph)
			s.Wrapped = wrapped
			kept = append(kept, s)
		}
		return nil
	}()
	if err != nil {
		return SlotInfo{}, 0, err
	}
	// The field key is rotated too: the removed person may have kept it
	// from an old copy. The re-sealed values stay sealed under the new
	// field key even if the save below fails (the key is then wrapped
	// under the old master key again), so nothing is lost either way.
	if _, err := v.rotateFieldKey(); err != nil {
		return SlotInfo{}, 0, err
	}
	v.hdr.Slots, v.master = kept, newMaster
	restore := func() { v.hdr.Slots, v.master = oldSlots, oldMaster }
	if err := v.storeFieldKey(); err != nil {
		restore()
		_ = v.storeFieldKey()
		return SlotInfo{}, 0, err
	}
	ids, err := v.flagAllForRotation()
	unflag := func() { v.unflag(ids) }
	if err != nil {
		unflag()
		restore()
		_ = v.storeFieldKey()
		return SlotInfo{}, 0, err
	}
	undoReaders, err := v.noteRemovedReaders(removed, ids)
	if err != nil {
		unflag()
		restore()
		_ = v.storeFieldKey()
		return SlotInfo{}, 0, err
	}
	unflag = func() { undoReaders(); v.unflag(ids) }
	if err := v.auditLocked("access.remove", slotID(removed.ID), fmt.Sprintf("removed %s slot %q; master key and field key rotated; %d credentials marked for rotation", removed.Type, removed.Label, len(ids))); err != nil {
		unflag()
		restore()
		_ = v.storeFieldKey()
		return SlotInfo{}, 0, err
	}
	if err := v.saveLocked(); err != nil {
		unflag()
		restore()
		_ = v.storeFieldKey()
		return SlotInfo{}, 0, err
	}
	_ = oldMaster // dropped; see destroyKeys
	return slotInfo(&removed, v.inUse), len(ids), nil
}

// flagAllForRotation marks every live credential with a password that is
// not yet marked "rotate now", and returns their ids.
func (v *Vault) flagAllForRotation() ([]string, error) {
	rows, err := v.db.Query(`SELECT id FROM credential WHERE deleted = 0 AND secret IS NOT NULL AND rotate_now = 0`)
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	now, actor := ts(v.opts.now()), v.actorLocked()
	for i, id := range ids {
		if _, err := v.db.Exec(`UPDATE credential SET rotate_now = 1, updated_at = ?, updated_by = ? WHERE id = ?`, now, actor, id); err != nil {
			return ids[:i], err
		}
	}
	return ids, nil
}

// noteRemovedReaders records, in the SettingRemovedReaders setting, that
// the removed way in could read every credential now marked "rotate now":
// a credential newly marked (in flagged) gets this removal alone, one
// marked before gets it added. Entries of credentials no longer marked are
// dropped. undo puts the setting back as it was.
func (v *Vault) noteRemovedReaders(removed slot, flagged []string) (undo func(), err error) {
	var old string
	had := true
	if err := v.db.QueryRow(`SELECT value FROM setting WHERE key = ?`, ledger.SettingRemovedReaders).Scan(&old); errors.Is(err, sql.ErrNoRows) {
		had = false
	} else if err != nil {
		return nil, err
	}
	undo = func() {
		if had {
			_, _ = v.db.Exec(`UPDATE setting SET value = ? WHERE key = ?`, old, ledger.SettingRemovedReaders)
		} else {
			_, _ = v.db.Exec(`DELETE FROM setting WHERE key = ?`, ledger.SettingRemovedReaders)
		}
	}
	prev, _ := ledger.ParseRemovedReaders(old) // a damaged value is started afresh
	rows, err := v.db.Query(`SELECT id FROM credential WHERE deleted = 0 AND rotate_now = 1`)
	if err != nil {
		return nil, err
	}
	var marked []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		marked = append(marked, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	label := removed.Label
	if label == "" {
		label = string(removed.Type) + " " + slotID(removed.ID)
	}
	now := v.opts.now()
	next := make(map[string]ledger.RemovedReaders, len(marked))
	for _, id := range marked {
		r := prev[id]
		if slices.Contains(flagged, id) {
			r = ledger.RemovedReaders{} // marked by this removal: earlier names are stale
		}
		if !slices.Contains(r.Labels, label) {
			r.Labels = append(r.Labels, label)
		}
		r.On = ledger.DateOf(now)
		next[id] = r
	}
	b, err := json.Marshal(next)
	if err != nil {
		return nil, err
	}
	_, err = v.db.Exec(`INSERT INTO setting(key, value, updated_at, updated_by) VALUES (?,?,?,?)
		ON CONFLICT(key) DO UPDATE SET value=excluded.value, updated_at=excluded.updated_at, updated_by=excluded.updated_by`,
		ledger.SettingRemovedReaders, string(b), ts(now), v.actorLocked())
	if err != nil {
		undo()
		return nil, err
	}
	return undo, nil
}

// unflag takes back the marks of a removal that failed.
func (v *Vault) unflag(ids []string) {
	for _, id := range ids {
		_, _ = v.db.Exec(`UPDATE credential SET rotate_now = 0 WHERE id = ?`, id)
	}
}

func (v *Vault) writable() error {
	if v.db == nil {
		return ErrClosed
	}
	if v.remote != nil && v.remote.offline != nil && v.lock == nil {
		return &RemoteError{Kind: RemoteOffline, Op: "save", URL: v.remote.c.loc, Err: v.remote.offline}
	}
	if v.opts.ReadOnly || v.lock == nil {
		return ErrReadOnly
	}
	return nil
}

// Lock closes the database, destroys the keys and releases the writer lock.
// The Vault is unusable afterwards; open it again to continue.
func (v *Vault) Lock() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.closeAll()
}

// LockAtExit is Lock for a process that exits right after (a command-line
// run): everything is closed and released as by Lock, but the database is
// not emptied page by page first (13–23 ms at 10,000 sites). Zeroing memory
// the process is about to give back protects nothing that exiting does not:
// the system hands no page of it to anyone unzeroed, and what reached swap
// stays there either way.
func (v *Vault) LockAtExit() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.noScrub = true
	v.closeAll()
}

// PurgeKeys replaces memguard's session key and destroys every locked
// buffer of the process: every Enclave still in memory, of any vault,
// becomes undecryptable. Call it after locking the only open vault.
func PurgeKeys() { memguard.Purge() }

// Locked reports whether Lock has been called.
func (v *Vault) Locked() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.db == nil
}

// destroyKeys drops the enclaves. An Enclave's plaintext exists only in
// locked buffers that are destroyed right after each use; what remains is
// ciphertext under memguard's session key, left to the garbage collector.
// A front end holding a single vault calls PurgeKeys after Lock to replace
// that session key, so the leftovers can never be decrypted.
func (v *Vault) destroyKeys() {
	v.master = nil
	v.signKey = nil
	v.fkMu.Lock()
	v.fieldKey = nil
	v.fkMu.Unlock()
}

func (v *Vault) closeAll() {
	if v.db != nil {
		v.dbMu.Lock()
		if !v.noScrub {
			scrubDB(v.db) // zero the ledger in SQLite's page cache first
		}
		v.db.Close()
		v.db = nil
		v.dbMu.Unlock()
	}
	v.dropPrefetch()
	v.dropBase()
	v.baseFK = nil
	v.destroyKeys()
	if v.lock != nil {
		v.lock.release()
		v.lock = nil
	}
	afterClose()
}

// Tx runs f in a database transaction and, if it commits, saves the vault.
// Every committed change is on disk when Tx returns nil. On a save failure
// the transaction is already committed in memory; the error says so and the
// next successful save writes it.
func (v *Vault) Tx(ctx context.Context, f func(tx *sql.Tx) error) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.writable(); err != nil {
		return err
	}
	tx, err := v.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return v.saveLocked()
}

// Read runs f against the database without saving.
func (v *Vault) Read(ctx context.Context, f func(db *sql.DB) error) error {
	v.mu.Lock()
	db := v.db
	v.mu.Unlock()
	if db == nil {
		return ErrClosed
	}
	return f(db)
}

// Save writes the vault if it is writable.
func (v *Vault) Save() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.writable(); err != nil {
		return err
	}
	return v.saveLocked()
}

// AuditWhile runs f — work that reads secrets out, such as an export with
// passwords — while the audit line for it is written and the vault saved.
// The save (sealing, writing and syncing tens of megabytes at 10,000 sites)
// then overlaps the work instead of following it: store reads do not wait
// for a save. The line stays even when f fails, as the secrets were read.
// It returns f's error, else the save's.
func (v *Vault) AuditWhile(action, record, summary string, f func() error) error {
	saved := make(chan error, 1)
	go func() { saved <- v.Audit(action, record, summary) }()
	err := f()
	if serr := <-saved; err == nil {
		err = serr
	}
	return err
}

// Audit appends a line to the audit log and saves.
func (v *Vault) Audit(action, record, summary string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.writable(); err != nil {
		return err
	}
	if err := v.auditLocked(action, record, summary); err != nil {
		return err
	}
	return v.saveLocked()
}

// actorLocked is the label of the slot this session was opened with.
func (v *Vault) actorLocked() string {
	for i := range v.hdr.Slots {
		if v.hdr.Slots[i].ID == v.inUse {
			return v.hdr.Slots[i].Label
		}
	}
	return ""
}

func (v *Vault) auditLocked(action, record, summary string) error {
	actor := v.actorLocked()
	_, err := v.db.Exec(`INSERT INTO audit(at, actor, action, record, summary, host) VALUES (?, ?, ?, ?, ?, ?)`,
		v.opts.now().UTC().Format(time.RFC3339), actor, action, record, summary, hostName())
	return err
}

// hostName is this computer's name for the audit (” if unknown),
// without control characters.
var hostName = sync.OnceValue(func() string {
	h, err := os.Hostname()
	if err != nil {
		return ""
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, h)
})

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	At      string `json:"at"`
	Actor   string `json:"actor"`
	Action  string `json:"action"`
	Record  string `json:"record"`
	Summary string `json:"summary"`
	Host    string `json:"host"` // the computer it was written on
}

// AuditLog returns the newest n audit entries, newest first.
func (v *Vault) AuditLog(n int) ([]AuditEntry, error) {
	var out []AuditEntry
	err := v.Read(context.Background(), func(db *sql.DB) error {
		rows, err := db.Query(`SELECT at, actor, action, record, summary, host FROM audit ORDER BY id DESC LIMIT ?`, n)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e AuditEntry
			if err := rows.Scan(&e.At, &e.Actor, &e.Action, &e.Record, &e.Summary, &e.Host); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// fieldAD binds a sealed field to its table, column and record identity,
// so a sealed value copied into another row or column does not open.
func fieldAD(vaultUUID [16]byte, table, column, recordID string) []byte {
	return []byte(fmt.Sprintf("%x\x00%s\x00%s\x00%s", vaultUUID[:], table, column, recordID))
}

// withFieldKey runs f with the opened field key.
func (v *Vault) withFieldKey(f func(fk []byte, uid [16]byte) error) error {
	v.fkMu.RLock()
	enc, uid := v.fieldKey, v.hdr.UUID
	v.fkMu.RUnlock()
	if enc == nil {
		return ErrClosed
	}
	buf, err := enc.Open()
	if err != nil {
		return fmt.Errorf("field key: %v", err)
	}
	defer buf.Destroy()
	return f(buf.Bytes(), uid)
}

// SealField seals one secret column value for a record.
func (v *Vault) SealField(table, column, recordID string, plaintext []byte) (out []byte, err error) {
	err = v.withFieldKey(func(fk []byte, uid [16]byte) error {
		out = seal(fk, plaintext, fieldAD(uid, table, column, recordID))
		return nil
	})
	return out, err
}

// OpenField opens a value sealed by SealField for the same record. The
// caller wipes the returned bytes as soon as they have been shown, copied
// or exported. (They are deliberately not a memguard buffer: one locked
// buffer per record would exhaust an ordinary user's RLIMIT_MEMLOCK on a
// large export.)
func (v *Vault) OpenField(table, column, recordID string, sealed []byte) (pt []byte, err error) {
	err = v.withFieldKey(func(fk []byte, uid [16]byte) error {
		pt, err = openField(fk, uid, table, column, recordID, sealed)
		return err
	})
	return pt, err
}

func openField(fk []byte, uid [16]byte, table, column, recordID string, sealed []byte) ([]byte, error) {
	pt, err := open(fk, sealed, fieldAD(uid, table, column, recordID))
	if err != nil {
		return nil, fmt.Errorf("%w: sealed %s.%s of record %s does not open", ErrDamaged, table, column, recordID)
	}
	return pt, nil
}

// storeFieldKey writes the field key wrapped under the current master key.
// The wrapped copy sits inside the (encrypted) database image, so the
// plaintext field key never appears in the image that SQLite holds.
func (v *Vault) storeFieldKey() error {
	buf, err := v.fieldKey.Open()
	if err != nil {
		return fmt.Errorf("field key: %v", err)
	}
	defer buf.Destroy()
	return v.withMaster(func(master []byte) error {
		k := hkdfKey(master, v.hdr.UUID[:], infoFieldWrap)
		defer wipe(k)
		sealed := seal(k, buf.Bytes(), v.hdr.UUID[:])
		_, err := v.db.Exec(`INSERT INTO meta(key, value) VALUES ('field_key', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, sealed)
		return err
	})
}

func (v *Vault) loadFieldKey() error {
	var sealed []byte
	if err := v.db.QueryRow(`SELECT value FROM meta WHERE key = 'field_key'`).Scan(&sealed); err != nil {
		return fmt.Errorf("%w: field key missing: %v", ErrDamaged, err)
	}
	return v.withMaster(func(master []byte) error {
		k := hkdfKey(master, v.hdr.UUID[:], infoFieldWrap)
		defer wipe(k)
		fk, err := open(k, sealed, v.hdr.UUID[:])
		if err != nil || len(fk) != 32 {
			return fmt.Errorf("%w: field key does not open", ErrDamaged)
		}
		v.fkMu.Lock()
		v.fieldKey = memguard.NewEnclave(fk)
		v.fkMu.Unlock()
		return nil
	})
}

// Dir is the folder holding the vault.
func (v *Vault) Dir() string { return filepath.Dir(v.path) }

// VerifyReport is what Verify checked.
type VerifyReport struct {
	Path          string   `json:"path"`
	UUID          string   `json:"uuid"`
	Generation    uint64   `json:"generation"`
	Slots         int      `json:"slots"`
	Schema        int      `json:"schema"`
	DatabaseBytes int      `json:"database_bytes"`
	OK            bool     `json:"ok"`
	Problems      []string `json:"problems"`
}

// Verify runs SQLite's full integrity and foreign-key checks on the open
// vault, opens every sealed value and checks every attachment's SHA-256.
// Opening already proved every byte of the file authentic; this proves the
// database inside is sound and names any damaged record. A problem wraps
// ErrDamaged.
func (v *Vault) Verify() (VerifyReport, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	rep := VerifyReport{Path: v.path, UUID: uuid.UUID(v.hdr.UUID).String(), Generation: v.hdr.Generation, Slots: len(v.hdr.Slots), Problems: []string{}}
	if v.db == nil {
		return rep, ErrClosed
	}
	if err := v.db.QueryRow(`PRAGMA user_version`).Scan(&rep.Schema); err != nil {
		return rep, err
	}
	var pages, size int
	v.db.QueryRow(`PRAGMA page_count`).Scan(&pages)
	v.db.QueryRow(`PRAGMA page_size`).Scan(&size)
	rep.DatabaseBytes = pages * size
	// SQLite's own checks, on db, add to rep.Problems.
	sqliteChecks := func(db *sql.DB) error {
		for _, q := range []string{`PRAGMA integrity_check`, `PRAGMA foreign_key_check`} {
			rows, err := db.Query(q)
			if err != nil {
				return err
			}
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					rows.Close()
					return err
				}
				line := fmt.Sprint(vals...)
				if line != "ok" {
					rep.Problems = append(rep.Problems, line)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	}
	// They run on a second, read-only connection over the same image in
	// place, on the other core, while this one reads the sealed values
	// (nothing writes while v.mu is held). Where that connection cannot be
	// had, they run here once the sealed values are read.
	beside, wait := func() error { return sqliteChecks(v.db) }, func() error { return nil }
	if w, ok := v.onTwin(sqliteChecks); ok {
		beside, wait = w, w
	}
	sealed, err := v.verifySealed(beside)
	if werr := wait(); err == nil {
		err = werr
	}
	if err != nil {
		return rep, err
	}
	rep.Problems = append(rep.Problems, sealed...)
	if len(rep.Problems) > 0 {
		return rep, fmt.Errorf("%w: %d problems, first: %s", ErrDamaged, len(rep.Problems), rep.Problems[0])
	}
	rep.OK = true
	return rep, nil
}
