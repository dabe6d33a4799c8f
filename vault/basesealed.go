package vault

import (
	"crypto/subtle"
	"database/sql"
	"fmt"
	"os"
	"sync/atomic"

	"github.com/awnumar/memguard"
	"golang.org/x/crypto/chacha20poly1305"
)

// The merge base of a session that opened or saved a file is that file,
// kept sealed as it was read or written, with its payload key in a locked
// enclave: not a plaintext copy of the ledger in ordinary memory. A save
// then seals straight from the database's own memory, so a writer holds the
// database, the sealed base and the file being written — one copy of 37 MB
// fewer at 10,000 sites than with a plaintext base, and no plaintext copy
// at all. A merge opens the base when it needs it (decrypted into SQLite's
// memory and read in place, then wiped).

// sealedBase is the merge base as a sealed vault file: in memory (file),
// or, for a writer that lives for one command (Options.BaseOnDisk), the
// file it opened, through its descriptor (fd): a save that replaced it by
// renaming leaves this one readable, and at 10,000 sites the writer holds
// 37 MiB less. A file changed in place instead is told by its header and
// nonce (prefix), and is no base.
type sealedBase struct {
	file []byte
	key  *memguard.Enclave // the payload key of file

	fd     *os.File
	size   int
	prefix []byte
}

// release closes the descriptor of a base kept on disk.
func (b *sealedBase) release() {
	if b != nil && b.fd != nil {
		b.fd.Close()
	}
}

// bytes is the sealed file: in memory, or read again through fd.
func (b *sealedBase) bytes() ([]byte, error) {
	if b.fd == nil {
		return b.file, nil
	}
	data := make([]byte, b.size)
	adviseHuge(data)
	if _, err := b.fd.ReadAt(data, 0); err != nil {
		return nil, fmt.Errorf("the merge base (the file this session opened): %w", err)
	}
	if subtle.ConstantTimeCompare(data[:len(b.prefix)], b.prefix) != 1 {
		return nil, fmt.Errorf("%w: the file this session opened was changed in place", ErrConflict)
	}
	baseReadAgain.Add(1)
	return data, nil
}

// baseReadAgain counts merge bases read again through their descriptor
// (for tests).
var baseReadAgain atomic.Int64

// setBase makes b (its key set) the merge base, with ways in slots.
func (v *Vault) setBase(b *sealedBase, slots []slot) {
	v.dropBase()
	v.baseSealed = b
	v.baseSlots, v.baseFK = append([]slot(nil), slots...), nil
}

// setBaseFile makes file (sealed with payload key pkey, with ways in
// slots) the merge base, a save of this session (its field key); the
// caller gives up file and wipes its own pkey.
func (v *Vault) setBaseFile(file []byte, pkey []byte, slots []slot) {
	v.setBase(&sealedBase{file: file, key: memguard.NewEnclave(append([]byte(nil), pkey...))}, slots)
}

// setBaseImage makes a plaintext image the merge base: another writer's
// save taken in by Reload, with its ways in and its field key fk.
func (v *Vault) setBaseImage(img *sqliteBuf, slots []slot, fk []byte) {
	v.dropBase()
	v.baseImage = img
	v.baseSlots = append([]slot(nil), slots...)
	v.baseFK = memguard.NewEnclave(append([]byte(nil), fk...))
}

// dropBase forgets the merge base.
func (v *Vault) dropBase() {
	v.baseImage.free()
	v.baseSealed.release()
	v.baseImage, v.baseSealed = nil, nil
}

// hasBase says whether the session keeps a merge base.
func (v *Vault) hasBase() bool { return v.baseImage != nil || v.baseSealed != nil }

// openBase opens the merge base read-only; done closes it and wipes what
// was decrypted.
func (v *Vault) openBase() (db *sql.DB, done func(), err error) {
	if v.baseImage != nil {
		return openImage(v.baseImage, false)
	}
	if v.baseSealed == nil {
		return nil, nil, nil
	}
	if p := v.basePre; p != nil {
		v.basePre = nil
		<-p.done
		if p.base == v.baseSealed {
			return p.db, p.close, p.err
		}
		if p.close != nil {
			p.close()
		}
	}
	return openSealedBase(v.baseSealed)
}

// basePrefetch is the sealed base being opened on another goroutine while
// the other copy is read: decrypting 37 MB into fresh memory costs as much
// as reading the other copy, and the machine has a core for each.
type basePrefetch struct {
	base  *sealedBase
	done  chan struct{}
	db    *sql.DB
	close func()
	err   error
}

// prefetchBase starts opening the sealed merge base; openBase takes it,
// dropPrefetch (deferred by the caller) closes it if nobody did.
func (v *Vault) prefetchBase() {
	if v.baseSealed == nil || v.basePre != nil {
		return
	}
	p := &basePrefetch{base: v.baseSealed, done: make(chan struct{})}
	v.basePre = p
	go func() {
		defer close(p.done)
		p.db, p.close, p.err = openSealedBase(p.base)
	}()
}

// dropPrefetch closes a prefetched base that no merge took.
func (v *Vault) dropPrefetch() {
	if p := v.basePre; p != nil {
		v.basePre = nil
		<-p.done
		if p.close != nil {
			p.close()
		}
	}
}

// openSealedBase decrypts b into SQLite's memory and opens it read-only.
func openSealedBase(b *sealedBase) (db *sql.DB, done func(), err error) {
	file, err := b.bytes()
	if err != nil {
		return nil, nil, err
	}
	h, off, err := parseHeader(file)
	if err != nil {
		return nil, nil, err
	}
	payload := file[off:]
	if len(payload) < chacha20poly1305.NonceSizeX+chacha20poly1305.Overhead {
		return nil, nil, fmt.Errorf("%w: the merge base is cut short", ErrDamaged)
	}
	n := len(payload) - chacha20poly1305.NonceSizeX - chacha20poly1305.Overhead
	buf := imageBuf(n)
	key, err := b.key.Open()
	if err != nil {
		buf.free()
		return nil, nil, err
	}
	aead, err := chacha20poly1305.NewX(key.Bytes())
	key.Destroy()
	if err != nil {
		buf.free()
		return nil, nil, err
	}
	nonce, ct := payload[:chacha20poly1305.NonceSizeX], payload[chacha20poly1305.NonceSizeX:]
	if _, err := aead.Open(buf.b[:0], nonce, ct, payloadAD(h, file, off)); err != nil {
		buf.free()
		return nil, nil, fmt.Errorf("%w: the merge base does not authenticate", ErrDamaged)
	}
	return openImage(buf, true)
}
