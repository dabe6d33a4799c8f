package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
	"unsafe"

	"github.com/awnumar/memguard"
	"github.com/google/uuid"
	"modernc.org/libc"

	"beianledger/internal/safefile"
)

// saveHook lets crash tests stop the process between the steps of a save.
var saveHook func(step string)

func hook(step string) {
	if saveHook != nil {
		saveHook(step)
	}
}

// checkDisk compares the file on disk with what this session loaded. A
// different vault, or another generation, means someone else saved: we must
// not overwrite their work. A missing file is not a conflict (it is
// recreated from memory).
func (v *Vault) checkDisk() error {
	f, err := os.Open(v.path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%w: %v", ErrSaveFailed, err)
	}
	defer f.Close()
	prefix := make([]byte, fixedHeaderLen)
	if _, err := io.ReadFull(f, prefix); err != nil || string(prefix[:len(magic)]) != magic {
		return fmt.Errorf("%w: the file on disk is no longer this vault", ErrConflict)
	}
	var id [16]byte
	copy(id[:], prefix[12:28])
	gen := binary.BigEndian.Uint64(prefix[28:36])
	if id != v.hdr.UUID {
		return fmt.Errorf("%w: the file on disk is another vault", ErrConflict)
	}
	if v.hdr.Checksum == ([checksumLen]byte{}) {
		if gen != v.hdr.Generation {
			return errDiskNewer{gen}
		}
		return nil
	}
	// Compare the checksum, which covers the save's signature: the same
	// generation can be two different saves (copies that each saved once
	// since they parted), and a copy that saved fewer times has a lower one.
	head, err := readHead(v.path)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrSaveFailed, err)
	}
	h, _, err := parseHeader(head)
	if err != nil {
		return fmt.Errorf("%w: the file on disk is no longer a readable vault (%v)", ErrConflict, err)
	}
	if h.Checksum == v.hdr.Checksum || h.Checksum == v.mergedSum {
		return nil
	}
	return errDiskNewer{gen}
}

// encodeFile builds the whole file for generation gen.
// The returned header is what v.hdr becomes once the file is in place.
func (v *Vault) encodeFile(gen uint64, savedAt time.Time) ([]byte, header, error) {
	data, h, pkey, err := v.encodeFileKey(gen, savedAt)
	wipe(pkey)
	return data, h, err
}

// encodeFileKey is encodeFile that also returns the payload key the file
// was sealed with (the caller wipes it, or keeps the file as the merge
// base with it). The database is sealed from its own memory where it lives
// in one block (every opened vault), without a copy of the image; else
// from a copy, wiped after.
func (v *Vault) encodeFileKey(gen uint64, savedAt time.Time) ([]byte, header, []byte, error) {
	if err := chainAudit(v.db); err != nil {
		return nil, header{}, nil, fmt.Errorf("audit log: %w", err)
	}
	h := v.newHeader(gen, savedAt)
	var out, pkey []byte
	var macEnd, payloadOff int
	seal := func(image []byte) error {
		hb, me, pk, err := v.headerBytes(&h) // signature and checksum are filled in below
		if err != nil {
			return err
		}
		macEnd, payloadOff, pkey = me, len(hb), pk
		out = sealAfter(hb, pkey, image, hb[:macEnd]) // header‖nonce‖ct
		return nil
	}
	err := v.withImage(seal)
	if errors.Is(err, errNoAdopt) {
		var image []byte
		if image, err = serialize(v.db); err != nil {
			return nil, header{}, nil, fmt.Errorf("serialise database: %w", err)
		}
		err = seal(image)
		wipe(image)
	}
	if err != nil {
		wipe(pkey)
		return nil, header{}, nil, err
	}
	if err := v.signFile(out, &h, macEnd, payloadOff); err != nil {
		wipe(pkey)
		return nil, header{}, nil, err
	}
	h.macEnd = macEnd
	return out, h, pkey, nil
}

// newHeader is the header of the save of generation gen.
func (v *Vault) newHeader(gen uint64, savedAt time.Time) header {
	h := *v.hdr
	h.Version = FormatVersion // older files are rewritten in the current format
	h.Generation = gen
	h.SavedAt = savedAt.Truncate(time.Millisecond)
	h.Signer = v.inUse
	h.Sig = [sigLen]byte{}
	return h
}

// headerBytes fills in h's MAC and encodes it, with a zero signature and
// checksum; macEnd is where the part the payload authenticates ends, pkey
// the payload key (the caller wipes it).
func (v *Vault) headerBytes(h *header) (hb []byte, macEnd int, pkey []byte, err error) {
	err = v.withMaster(func(master []byte) error {
		macKey := hkdfKey(master, nil, infoHeaderMAC)
		body := h.encodeBody()
		copy(h.MAC[:], mac(macKey, body))
		wipe(macKey)
		hb = h.encode()
		macEnd = len(body) + macLen
		pkey = hkdfKey(master, h.UUID[:], infoPayload)
		return nil
	})
	return hb, macEnd, pkey, err
}

// withImage runs seal on the database's image in SQLite's own memory, the
// connection held meanwhile, so that nothing writes to the database while
// it is sealed. errNoAdopt: the image cannot be reached in place.
func (v *Vault) withImage(seal func(image []byte) error) error {
	return withSchema(v.db, "main", func(hd uintptr, tls *libc.TLS, schema uintptr) error {
		p, n := imageAt(hd, tls, schema)
		if p == 0 || n <= 0 || n > MaxVaultSize {
			return errNoAdopt
		}
		sealedInPlace.Add(1)
		return seal(unsafe.Slice((*byte)(cPtr(p)), n))
	})
}

// writeStreamed is the save of a writer that lives for one command
// (Options.BaseOnDisk): the database is sealed into the new file as it is
// written (sealstream.go), not into a buffer first. ok is false when the
// image could not be read in place; the caller then saves the buffered
// way. The file written comes back open (sf), the next merge base (its
// key not set).
func (v *Vault) writeStreamed(gen uint64, savedAt time.Time) (h header, pkey []byte, sf *sealedBase, displaced string, ok bool, err error) {
	if err := chainAudit(v.db); err != nil {
		return h, nil, nil, "", false, fmt.Errorf("audit log: %w", err)
	}
	h = v.newHeader(gen, savedAt)
	err = v.withImage(func(image []byte) error {
		hb, macEnd, pk, err := v.headerBytes(&h)
		if err != nil {
			return err
		}
		pkey = pk
		h.macEnd = macEnd
		displaced, err = writeFileWith(v.path, func(f *os.File) error {
			sf, err = v.writeSealed(f, &h, hb, macEnd, pkey, image)
			return err
		}, v.keepBackups(), true, true)
		return err
	})
	if errors.Is(err, errNoAdopt) {
		return h, nil, nil, "", false, nil
	}
	if err != nil {
		sf.release()
		wipe(pkey)
		return h, nil, nil, "", false, err
	}
	return h, pkey, sf, displaced, true, nil
}

func (v *Vault) saveLocked() error {
	v.saveFailed = true // until the new file is in place
	if v.remote != nil {
		return v.saveRemote()
	}
	for caught := 0; ; caught++ {
		displaced, err := v.writeLocked()
		if err != nil || displaced == nil {
			return err
		}
		// Another save was renamed into place between our check and our
		// rename (a sync tool bringing another computer's save): it is in
		// the displaced file, not on disk any more. Merge it and save again.
		if caught == 3 {
			return v.keepDisplaced(displaced, fmt.Errorf("%w: it keeps changing while saving", ErrConflict))
		}
		if err := v.mergeNewer(displaced.data, "another save that arrived while saving"); err != nil {
			return v.keepDisplaced(displaced, err)
		}
		v.saveFailed = true
		os.Remove(displaced.path)
	}
}

// displacedSave is a save that our rename replaced before we had seen it.
type displacedSave struct {
	path string
	data []byte
}

// keepDisplaced leaves a displaced save that could not be merged beside
// the vault under a conflict-copy name, where ConflictCopies (verify, the
// window's bar) finds it to be merged later; err is why.
func (v *Vault) keepDisplaced(d *displacedSave, err error) error {
	dir, base := filepath.Split(v.path)
	ext := filepath.Ext(base)
	name := fmt.Sprintf("%s (conflicted copy %s)%s", strings.TrimSuffix(base, ext), v.opts.now().Format("2006-01-02 150405.000"), ext)
	if rerr := os.Rename(d.path, filepath.Join(dir, name)); rerr != nil {
		return fmt.Errorf("%w; another save that arrived while saving is kept in %s", err, d.path)
	}
	return fmt.Errorf("%w; another save that arrived while saving is kept beside the vault as %s (merge it)", err, name)
}

// writeLocked writes the session over the file on disk, merging first
// another writer's newer save found there. It returns the save it
// displaced when that was not the one it had checked (nil otherwise).
func (v *Vault) writeLocked() (*displacedSave, error) {
	// Another writer's newer save is merged in, then saved above it; if the
	// file changes again meanwhile, again (a few times).
	for try := 0; ; try++ {
		err := v.checkDisk()
		var newer errDiskNewer
		if !errors.As(err, &newer) {
			if err != nil {
				return nil, err
			}
			break
		}
		if try == 3 {
			return nil, fmt.Errorf("%w: it keeps changing while merging", ErrConflict)
		}
		if err := v.mergeDisk(); err != nil {
			return nil, err
		}
	}
	// What checkDisk accepted as the file on disk.
	seen, seenMerged, seenGen := v.hdr.Checksum, v.mergedSum, v.hdr.Generation
	gen := v.hdr.Generation + 1
	if err := v.stampLineage(gen); err != nil {
		return nil, err
	}
	var (
		data, pkey    []byte
		h             header
		sf            *sealedBase
		displacedPath string
		streamed      bool
		err           error
	)
	savedAt := v.opts.now()
	if v.opts.baseOnDisk() {
		if h, pkey, sf, displacedPath, streamed, err = v.writeStreamed(gen, savedAt); err != nil {
			return nil, err
		}
	}
	if !streamed {
		if data, h, pkey, err = v.encodeFileKey(gen, savedAt); err != nil {
			return nil, err
		}
		if displacedPath, err = writeSwap(v.path, data, v.keepBackups()); err != nil {
			wipe(pkey)
			return nil, err
		}
	}
	defer wipe(pkey)
	defer func() {
		sf.release() // not the base
	}()
	var displaced *displacedSave
	if displacedPath != "" {
		// Its header says whether it is the file we had checked (nearly
		// always): only another save is read whole, to be merged.
		checked := func(oh *header) bool {
			return oh.Checksum == seen || oh.Checksum == seenMerged || seen == [checksumLen]byte{} && oh.Generation == seenGen
		}
		head, rerr := readHead(displacedPath)
		oh, _, herr := parseHeader(head)
		var old []byte
		if rerr == nil && herr == nil && oh.UUID == v.hdr.UUID && !checked(oh) {
			old, rerr = os.ReadFile(displacedPath)
			if rerr == nil {
				oh, _, herr = parseHeader(old)
			}
		}
		switch {
		case rerr == nil && herr == nil && checked(oh):
			os.Remove(displacedPath) // the file we had checked
		case rerr == nil && herr == nil && oh.UUID == v.hdr.UUID:
			displaced = &displacedSave{path: displacedPath, data: old}
		default:
			// Not a save of this vault (or unreadable): nothing to
			// merge, but not ours to delete either.
			displaced = &displacedSave{path: displacedPath}
		}
	}
	*v.hdr = h
	v.mergedSum = [checksumLen]byte{}
	v.saveFailed = false
	switch {
	case displaced != nil:
	case sf != nil:
		// The file just written is the merge base from now on.
		sf.key = memguard.NewEnclave(append([]byte(nil), pkey...))
		v.setBase(sf, h.Slots)
		sf = nil
	default:
		v.setBaseFile(data, pkey, h.Slots)
	}
	// (A displaced save is merged against the version this session had
	// before: the merge base stays.)
	// Our own save is expected: remember it, so that it is not reported as
	// a change next time. A memory that cannot be written costs only that.
	_ = rememberKnown(v.opts.knownDir(), &h, v.path, v.opts.now(), false)
	if displaced != nil && displaced.data == nil {
		return nil, v.keepDisplaced(displaced, fmt.Errorf("%w: another file was put in place of the vault while saving", ErrConflict))
	}
	return displaced, nil
}

func (v *Vault) keepBackups() int {
	switch {
	case v.opts.KeepBackups == 0:
		return 10
	case v.opts.KeepBackups < 0:
		return 0
	}
	return v.opts.KeepBackups
}

// writeAtomic replaces path with data so that a crash at any instant leaves
// either the old or the new file. The old file is kept as a backup first
// (a hard link: no copy, and the old bytes are never modified in place).
func writeAtomic(path string, data []byte, keep int) (err error) {
	return writeReplace(path, data, keep, true)
}

// writeReplace is writeAtomic; durable=false skips the fsyncs, for the
// copy of a vault on a share (the share holds the save; a copy lost to a
// crash is only refused when opened offline, never half-read).
func writeReplace(path string, data []byte, keep int, durable bool) (err error) {
	_, err = writeFile(path, data, keep, durable, false)
	return err
}

// writeSwap is writeAtomic that also hands back what it replaced: the new
// file is exchanged with the old in one step (where the system can), and
// the old one is left at displaced ("" when nothing was there, or the
// system cannot exchange) for the caller to look at and remove. A sync
// tool that renames another computer's save into place between our check
// of the file and our rename would otherwise lose that save without
// anyone noticing.
func writeSwap(path string, data []byte, keep int) (displaced string, err error) {
	return writeFile(path, data, keep, true, true)
}

func writeFile(path string, data []byte, keep int, durable, swap bool) (displaced string, err error) {
	return writeFileWith(path, func(f *os.File) error {
		_, err := f.Write(data)
		return err
	}, keep, durable, swap)
}

// writeFileWith is writeFile with the content written by fill into the
// new, empty file.
func writeFileWith(path string, fill func(f *os.File) error, keep int, durable, swap bool) (displaced string, err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrSaveFailed, err)
	}
	tmpName := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	if old, err := os.Stat(path); err == nil {
		keepAccess(tmp, old) // a group-readable share stays one
	}
	hook("temp-created")
	if err = fill(tmp); err != nil {
		return "", fmt.Errorf("%w: %v", ErrSaveFailed, err)
	}
	hook("temp-written")
	if durable {
		if err = tmp.Sync(); err != nil {
			return "", fmt.Errorf("%w: %v", ErrSaveFailed, err)
		}
	}
	if err = tmp.Close(); err != nil {
		return "", fmt.Errorf("%w: %v", ErrSaveFailed, err)
	}
	hook("temp-synced")
	backup := ""
	if keep > 0 {
		// A failed backup must not stop the save: the user's edit matters
		// more than an old copy. It is reported by ListBackups' absence.
		backup, _ = linkBackup(path)
	}
	hook("backed-up")
	if swap && exchangeFile(tmpName, path) == nil {
		displaced = tmpName
	} else if err = renameRetry(tmpName, path); err != nil {
		// The file was not replaced: the copy just made repeats it, and
		// must not push an older backup out of the ones kept.
		if backup != "" {
			os.Remove(backup)
		}
		return "", fmt.Errorf("%w: %v", ErrSaveFailed, err)
	}
	hook("renamed")
	if backup != "" {
		_ = pruneBackups(filepath.Dir(backup), base, keep)
	}
	if durable {
		syncDir(dir)
	}
	return displaced, nil
}

// syncDir makes the rename durable. Windows cannot fsync a folder; there
// the rename is durable once MoveFileEx returns.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// BackupDir is the folder beside a vault that holds its older versions.
func BackupDir(path string) string {
	dir, base := filepath.Split(path)
	return filepath.Join(dir, base+".backups")
}

func backupCurrent(path string, keep int) error {
	dst, err := linkBackup(path)
	if err != nil {
		return err
	}
	return pruneBackups(filepath.Dir(dst), filepath.Base(path), keep)
}

// linkBackup puts the current file at path into the backups folder (a hard
// link, or a copy where there are none) and returns the backup's path. It
// does not prune: a save prunes once its rename has succeeded.
func linkBackup(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	prefix := make([]byte, fixedHeaderLen)
	_, rerr := io.ReadFull(f, prefix)
	f.Close()
	if rerr != nil || string(prefix[:len(magic)]) != magic {
		return "", fmt.Errorf("current file is not a vault; not backed up")
	}
	gen := binary.BigEndian.Uint64(prefix[28:36])
	bdir := BackupDir(path)
	if err := ensureBackupDir(bdir); err != nil {
		return "", err
	}
	name := fmt.Sprintf("%s.gen%06d.%s.bak", filepath.Base(path), gen, time.Now().UTC().Format("20060102T150405.000"))
	dst := filepath.Join(bdir, name)
	if err := os.Link(path, dst); err != nil {
		// File systems without hard links (FAT on a USB stick): copy.
		if err := copyFile(path, dst); err != nil {
			return "", err
		}
	}
	return dst, nil
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return safefile.WriteNew(dst, data, 0o600)
}

// Backup describes one older version kept beside the vault.
type Backup struct {
	N          int       `json:"n"` // 1 = newest
	Path       string    `json:"path"`
	Generation uint64    `json:"generation"`
	SavedAt    time.Time `json:"saved_at"`
	Size       int64     `json:"size"`
	Readable   bool      `json:"readable"` // header structure and checksum are sound
}

// ListBackups lists a vault's backups, newest first.
func ListBackups(path string) ([]Backup, error) {
	if IsRemote(path) {
		p, err := CacheFile(path)
		if err != nil {
			return nil, err
		}
		path = p
	}
	bdir := BackupDir(path)
	if err := checkBackupDir(bdir); os.IsNotExist(err) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(bdir)
	if err != nil {
		return nil, err
	}
	prefix := filepath.Base(path) + ".gen"
	var out []Backup
	var order []backupKey
	for _, e := range entries {
		if e.IsDir() || !strings.HasPrefix(e.Name(), prefix) || !strings.HasSuffix(e.Name(), ".bak") {
			continue
		}
		p := filepath.Join(bdir, e.Name())
		b := Backup{Path: p}
		if fi, err := e.Info(); err == nil {
			b.Size = fi.Size()
		}
		if data, err := readHead(p); err == nil {
			if h, _, err := parseHeader(data); err == nil {
				b.Generation, b.SavedAt, b.Readable = h.Generation, h.SavedAt, true
			}
		}
		out = append(out, b)
		gen, stamp := backupGeneration(e.Name(), prefix)
		order = append(order, backupKey{gen, stamp})
	}
	// Newest first: by the generation in the name, as a number, then by
	// the time in the name.
	sort.Sort(backupsByAge{out, order})
	for i := range out {
		out[i].N = i + 1
	}
	return out, nil
}

type backupKey struct {
	gen   uint64
	stamp string
}

type backupsByAge struct {
	list []Backup
	keys []backupKey
}

func (b backupsByAge) Len() int { return len(b.list) }
func (b backupsByAge) Less(i, j int) bool {
	if b.keys[i].gen != b.keys[j].gen {
		return b.keys[i].gen > b.keys[j].gen
	}
	return b.keys[i].stamp > b.keys[j].stamp
}
func (b backupsByAge) Swap(i, j int) {
	b.list[i], b.list[j] = b.list[j], b.list[i]
	b.keys[i], b.keys[j] = b.keys[j], b.keys[i]
}

// maxHeadLen is the most a header can take, with the payload's nonce and
// tag that parseHeader insists on after it.
const maxHeadLen = fixedHeaderLen + maxSlots*(2+maxSlotBodyLen) + macLen + signerLen + checksumLen + nonceLen + tagLen

// readHead reads the start of a vault file, enough for parseHeader: a
// backup list must not read ten whole vaults of tens of megabytes.
func readHead(path string) ([]byte, error) {
	f, _, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, maxHeadLen)
	n, err := io.ReadFull(f, buf)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return buf[:n], err
}

func pruneBackups(bdir, base string, keep int) error {
	list, err := ListBackups(filepath.Join(filepath.Dir(bdir), base))
	if err != nil {
		return err
	}
	for _, b := range list {
		if b.N > keep {
			os.Remove(b.Path)
		}
	}
	return nil
}

// RestoreBackup replaces the vault at path with backup n (1 = newest). The
// backup must unlock with key, so a user cannot restore a file they cannot
// open. The current file, even if damaged, is kept as a backup first, and
// the restored vault is written with a generation above the one on disk so
// that other sessions notice the change instead of overwriting it.
func RestoreBackup(path string, n int, key Key, opts Options) (*Backup, error) {
	list, err := ListBackups(path)
	if err != nil {
		return nil, err
	}
	if n < 1 || n > len(list) {
		return nil, fmt.Errorf("no backup number %d (there are %d)", n, len(list))
	}
	b := list[n-1]
	if IsRemote(path) {
		if err := restoreRemote(path, b, n, key, opts); err != nil {
			return nil, err
		}
		return &b, nil
	}
	ro := opts
	ro.ReadOnly = true
	ro.KnownDir = "-" // a backup is older by design; the restore is what counts
	bv, err := Open(b.Path, key, ro)
	if err != nil {
		return nil, fmt.Errorf("backup %d: %w", n, err)
	}
	defer bv.Lock()
	lk, err := acquireLock(path, opts)
	if err != nil {
		return nil, err
	}
	defer lk.release()
	var diskGen uint64
	if f, err := os.Open(path); err == nil {
		prefix := make([]byte, fixedHeaderLen)
		if _, err := io.ReadFull(f, prefix); err == nil && bytes.Equal(prefix[:len(magic)], []byte(magic)) {
			diskGen = binary.BigEndian.Uint64(prefix[28:36])
			// A backup of another vault (planted, or copied in by
			// mistake) must not replace this one.
			if !bytes.Equal(prefix[12:28], bv.hdr.UUID[:]) {
				f.Close()
				return nil, fmt.Errorf("%w: backup %d is of another vault (%s), not of this one (%s); not restored", ErrDamaged, n, bv.UUID(), uuid.UUID(prefix[12:28]))
			}
		}
		f.Close()
	}
	bv.mu.Lock()
	defer bv.mu.Unlock()
	gen := max(diskGen, bv.hdr.Generation) + 1
	if err := bv.auditLocked("backup.restore", "", fmt.Sprintf("restored backup of version %d", b.Generation)); err != nil {
		return nil, err
	}
	data, rh, err := bv.encodeFile(gen, opts.now())
	if err != nil {
		return nil, err
	}
	keep := 10
	if opts.KeepBackups != 0 {
		keep = max(opts.KeepBackups, 0)
	}
	// Keep the current (maybe damaged) file even if it is not a vault.
	if _, err := os.Stat(path); err == nil {
		if backupCurrent(path, keep+1) != nil {
			dst := filepath.Join(BackupDir(path), fmt.Sprintf("%s.damaged.%s", filepath.Base(path), time.Now().UTC().Format("20060102T150405")))
			if ensureBackupDir(BackupDir(path)) == nil {
				_ = copyFile(path, dst)
			}
		}
	}
	if err := writeAtomic(path, data, 0); err != nil {
		return nil, err
	}
	// The user chose this version: expect it (its ways in included), so
	// the next open does not report one's own restore as a change.
	_ = rememberKnown(opts.knownDir(), &rh, path, opts.now(), true)
	return &b, nil
}

// removeOrphanTemps deletes temporary files left by a writer that died
// mid-save. Only the lock holder writes temp files, so once we hold the
// lock any that exist are orphans.
func removeOrphanTemps(path string) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if isOrphanTemp(e.Name(), base) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
