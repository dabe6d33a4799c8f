package vault

import (
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/awnumar/memguard"
)

// Saving to a shared file: when the file on disk is a newer save of the
// same vault (a sync tool brought another computer's save, a backup
// contact saved on the shared drive), it is merged into this session
// (merge.go) and the result saved above both, instead of refusing.
// MergeFile does the same with any other copy of the vault, such as a sync
// tool's conflict copy.

// ErrRemovedHere means the other copy no longer holds the way in this
// session was opened with: someone removed it.
var ErrRemovedHere = errors.New("your way in was removed from the other copy of the vault")

// errDiskNewer is checkDisk's word that the file on disk is another save
// of this vault (usually a newer one): mergeable.
type errDiskNewer struct{ gen uint64 }

func (e errDiskNewer) Error() string {
	return fmt.Sprintf("%v: version %d on disk", ErrConflict, e.gen)
}
func (e errDiskNewer) Unwrap() error { return ErrConflict }

// lineage: the last saves of this vault as "GENERATION:SAVEID" lines in
// meta, newest last. Two copies descend from the newest save they share.
const lineageKeep = 200

func readLineage(q interface {
	QueryRow(string, ...any) *sql.Row
}) []string {
	var b []byte
	if q.QueryRow(`SELECT value FROM meta WHERE key = 'lineage'`).Scan(&b) != nil {
		return nil
	}
	return strings.Fields(string(b))
}

// stampLineage records a new save of generation gen.
func (v *Vault) stampLineage(gen uint64) error {
	l := readLineage(v.db)
	l = append(l, fmt.Sprintf("%d:%s", gen, hex.EncodeToString(randomBytes(8))))
	if len(l) > lineageKeep {
		l = l[len(l)-lineageKeep:]
	}
	_, err := v.db.Exec(`INSERT INTO meta(key, value) VALUES ('lineage', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, []byte(strings.Join(l, " ")))
	return err
}

// takeLineage adds the saves of another copy's lineage that this one lacks:
// once merged, their content is part of this copy, so a later copy that
// descends from them shares them with it (without this, the next merge
// would look back to an older common save and see changes already merged
// as changed on both sides). Kept in generation order, newest last.
func (v *Vault) takeLineage(theirs []string) error {
	ours := readLineage(v.db)
	in := map[string]bool{}
	for _, s := range ours {
		in[s] = true
	}
	n := len(ours)
	for _, s := range theirs {
		if !in[s] {
			ours = append(ours, s)
			in[s] = true
		}
	}
	if len(ours) == n {
		return nil
	}
	gen := func(s string) uint64 {
		g, _, _ := strings.Cut(s, ":")
		n, _ := strconv.ParseUint(g, 10, 64)
		return n
	}
	sort.SliceStable(ours, func(i, j int) bool { return gen(ours[i]) < gen(ours[j]) })
	if len(ours) > lineageKeep {
		ours = ours[len(ours)-lineageKeep:]
	}
	_, err := v.db.Exec(`INSERT INTO meta(key, value) VALUES ('lineage', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, []byte(strings.Join(ours, " ")))
	return err
}

// commonSave is the newest save in both lineages ("" if none).
func commonSave(a, b []string) string {
	in := map[string]bool{}
	for _, s := range a {
		in[s] = true
	}
	for i := len(b) - 1; i >= 0; i-- {
		if in[b[i]] {
			return b[i]
		}
	}
	return ""
}

// otherCopy is another copy of this vault, opened with this session's way in.
type otherCopy struct {
	h      *header
	db     *sql.DB
	fk     []byte
	master []byte
	who    string
	buf    *sqliteBuf // the file, its image read in place by db (openOtherFile)
}

func (o *otherCopy) close() {
	if o.db != nil && !closeDB(o.db) {
		return // still read by another connection: kept
	}
	o.buf.free()
	wipe(o.fk)
	wipe(o.master)
}

// openOther decrypts another copy of this vault with the secret of the slot
// this session was unlocked with. It checks the signature, the UUID and
// that this way in is still in it.
func (v *Vault) openOther(data []byte) (*otherCopy, error) {
	return v.openOtherIn(data, nil)
}

// openOtherFile is openOther for the file at path, read into memory from
// SQLite's allocator (in huge pages where the system has them) and, once
// decrypted there, read by SQLite in place as a read-only database: no
// second copy of the image.
func (v *Vault) openOtherFile(path string) (*otherCopy, error) {
	buf, err := readVaultFileSQLite(path)
	if err != nil {
		return nil, err
	}
	if buf == nil {
		data, err := readVaultFile(path)
		if err != nil {
			return nil, err
		}
		return v.openOther(data)
	}
	o, err := v.openOtherIn(buf.b, buf)
	if err != nil || o.buf == nil {
		buf.free()
	}
	return o, err
}

// openOtherIn is openOther; with buf (holding data), the image is read in
// place when its schema is this program's (o.buf keeps it), else copied.
func (v *Vault) openOtherIn(data []byte, buf *sqliteBuf) (*otherCopy, error) {
	h, off, err := parseHeader(data)
	if err != nil {
		return nil, err
	}
	if err := verifySignature(h, data, off); err != nil {
		return nil, err
	}
	if h.UUID != v.hdr.UUID {
		return nil, fmt.Errorf("%w: the other file is another vault", ErrConflict)
	}
	o := &otherCopy{h: h}
	if s := h.slotByID(h.Signer); s != nil {
		o.who = s.Label
	}
	mine := h.slotByID(v.inUse)
	if mine == nil {
		return nil, fmt.Errorf("%w (saved by %q)", ErrRemovedHere, o.who)
	}
	var master []byte
	err = func() error {
		if v.signKey == nil {
			return ErrClosed
		}
		buf, err := v.signKey.Open()
		if err != nil {
			return err
		}
		defer buf.Destroy()
		if subtle.ConstantTimeCompare(x25519Pub(buf.Bytes()), mine.PublicKey[:]) != 1 {
			return fmt.Errorf("%w (its key was replaced; saved by %q)", ErrRemovedHere, o.who)
		}
		master, err = unwrapWith(buf.Bytes(), mine.EphPub[:], mine.PublicKey[:], mine.Wrapped, h.wrapAD(mine))
		if err != nil || len(master) != 32 {
			return fmt.Errorf("%w: key slot %q of the other copy does not unwrap", ErrDamaged, mine.Label)
		}
		return nil
	}()
	if err != nil {
		return nil, err
	}
	o.master = master
	macKey := hkdfKey(master, nil, infoHeaderMAC)
	want := mac(macKey, h.encodeBody())
	wipe(macKey)
	if subtle.ConstantTimeCompare(want, h.MAC[:]) != 1 {
		o.close()
		return nil, fmt.Errorf("%w: header MAC mismatch in the other copy", ErrDamaged)
	}
	pkey := hkdfKey(master, h.UUID[:], infoPayload)
	image, err := openInPlace(pkey, data[off:], payloadAD(h, data, off))
	wipe(pkey)
	if err != nil {
		o.close()
		return nil, fmt.Errorf("%w: the other copy's payload does not authenticate", ErrDamaged)
	}
	if buf != nil {
		in := &sqliteBuf{p: buf.p + uintptr(unsafe.Pointer(unsafe.SliceData(image))) - uintptr(unsafe.Pointer(unsafe.SliceData(buf.b))), b: image}
		if o.db, err = openImageReadOnly(in); err == nil {
			o.buf = buf
		}
	}
	if o.buf == nil {
		if o.db, err = newMemDB(); err == nil {
			err = deserialize(o.db, image)
		}
		wipe(image)
		if err == nil {
			err = migrate(o.db)
		}
	}
	if err != nil {
		o.close()
		return nil, fmt.Errorf("%w: the other copy's database: %v", ErrDamaged, err)
	}
	var sealed []byte
	if err := o.db.QueryRow(`SELECT value FROM meta WHERE key = 'field_key'`).Scan(&sealed); err != nil {
		o.close()
		return nil, fmt.Errorf("%w: the other copy has no field key", ErrDamaged)
	}
	k := hkdfKey(master, h.UUID[:], infoFieldWrap)
	o.fk, err = open(k, sealed, h.UUID[:])
	wipe(k)
	if err != nil {
		o.close()
		return nil, fmt.Errorf("%w: the other copy's field key does not open", ErrDamaged)
	}
	return o, nil
}

// baseFor finds the version both this session and other descend from: the
// version this session loaded or last saved, when other descends from it;
// else a backup with the newest save both lineages share. nil: none known.
// done closes it.
func (v *Vault) baseFor(other *otherCopy) (db *sql.DB, done func(), fk []byte, err error) {
	theirs := readLineage(other.db)
	if v.hasBase() {
		db, done, err := v.openBase()
		if err == nil {
			bl := readLineage(db)
			if len(bl) == 0 || commonSave(bl, theirs) == bl[len(bl)-1] {
				fk, err := v.baseFieldKey()
				if err == nil {
					return db, done, fk, nil
				}
			}
			done()
		}
	}
	common := commonSave(readLineage(v.db), theirs)
	if common == "" {
		return nil, nil, nil, nil
	}
	g, _, _ := strings.Cut(common, ":")
	gen, err := strconv.ParseUint(g, 10, 64)
	if err != nil {
		return nil, nil, nil, nil
	}
	list, _ := ListBackups(v.path)
	for _, b := range list {
		if b.Generation != gen {
			continue
		}
		oc, err := v.openOtherFile(b.Path)
		if err != nil {
			continue
		}
		if l := readLineage(oc.db); len(l) > 0 && l[len(l)-1] == common {
			return oc.db, oc.close, append([]byte(nil), oc.fk...), nil
		}
		oc.close()
	}
	return nil, nil, nil, nil
}

// baseFieldKey opens the base image's sealed values: the field key of the
// save it is, when that was another writer's (Reload), else this session's.
func (v *Vault) baseFieldKey() ([]byte, error) {
	if v.baseFK == nil {
		return v.fieldKeyCopy()
	}
	buf, err := v.baseFK.Open()
	if err != nil {
		return nil, err
	}
	defer buf.Destroy()
	return append([]byte(nil), buf.Bytes()...), nil
}

func (v *Vault) fieldKeyCopy() (fk []byte, err error) {
	err = v.withFieldKey(func(k []byte, _ [16]byte) error {
		fk = append([]byte(nil), k...)
		return nil
	})
	return fk, err
}

// mergeLocked merges another copy's file image into this session: records,
// then ways in (a way in added there is taken only if accepted, one removed
// there is removed here too and the keys rotated). v.mu is held.
func (v *Vault) mergeLocked(data []byte) (MergeReport, *header, error) {
	other, err := v.openOther(data)
	if err != nil {
		return MergeReport{}, nil, err
	}
	defer other.close()
	return v.mergeWith(other)
}

// mergeWith merges an opened other copy (mergeLocked).
func (v *Vault) mergeWith(other *otherCopy) (MergeReport, *header, error) {
	// Ways in: compared with the version this session started from.
	baseSlots := map[[16]byte]slot{}
	for _, s := range v.baseSlots {
		baseSlots[s.ID] = s
	}
	var added []slot
	var removed [][16]byte
	for _, s := range other.h.Slots {
		if _, ok := baseSlots[s.ID]; !ok && v.hdr.slotByID(s.ID) == nil {
			added = append(added, s)
		}
	}
	for id := range baseSlots {
		if other.h.slotByID(id) == nil && v.hdr.slotByID(id) != nil {
			removed = append(removed, id)
		}
	}
	if len(added) > 0 && !v.opts.AcceptChanges {
		return MergeReport{}, nil, v.addedError(other, added)
	}
	fk, err := v.fieldKeyCopy()
	if err != nil {
		return MergeReport{}, nil, err
	}
	defer wipe(fk)
	baseDB, baseDone, baseFK, err := v.baseFor(other)
	if err != nil {
		return MergeReport{}, nil, err
	}
	var base mergeSrc
	if baseDB != nil {
		defer baseDone()
		defer wipe(baseFK)
		base = mergeSrc{db: baseDB, fk: baseFK, uid: v.hdr.UUID}
	}
	rep, err := mergeInto(mergeSrc{db: v.db, fk: fk, uid: v.hdr.UUID}, base,
		mergeSrc{db: other.db, fk: other.fk, uid: v.hdr.UUID}, baseDB != nil, v.opts.now(), v.actorLocked(), other.who)
	if err != nil {
		return rep, nil, err
	}
	if err := v.takeLineage(readLineage(other.db)); err != nil {
		return rep, nil, err
	}
	rep.Generation = other.h.Generation
	// The merged set of ways in.
	slots := append([]slot(nil), v.hdr.Slots...)
	// A passphrase changed there (same slot, new key) and not here: the
	// new key is taken, or the old passphrase would open this save again
	// and the new one not.
	rekeyed := false
	for i := range slots {
		o := other.h.slotByID(slots[i].ID)
		b, inBase := baseSlots[slots[i].ID]
		if o != nil && inBase && o.PublicKey != slots[i].PublicKey && b.PublicKey == slots[i].PublicKey {
			slots[i] = *o
			rekeyed = true
		}
	}
	for _, s := range added {
		slots = append(slots, s)
	}
	drop := map[[16]byte]bool{}
	for _, id := range removed {
		drop[id] = true
	}
	kept := slots[:0]
	for _, s := range slots {
		if !drop[s.ID] {
			kept = append(kept, s)
		}
	}
	h := *v.hdr
	h.Slots = kept
	if len(removed) > 0 {
		// Removed over there: closed to them here too, with new keys.
		if _, err := v.rotateFieldKey(); err != nil {
			return rep, nil, err
		}
		newMaster := memguard.NewEnclave(randomBytes(32))
		if err := rewrap(&h, newMaster); err != nil {
			return rep, nil, err
		}
		v.master = newMaster
		if _, err := v.flagAllForRotation(); err != nil {
			return rep, nil, err
		}
	} else if len(added) > 0 || rekeyed {
		if err := rewrap(&h, v.master); err != nil {
			return rep, nil, err
		}
	}
	return rep, &h, nil
}

// addedError is the question a way in added in the other copy raises.
func (v *Vault) addedError(other *otherCopy, added []slot) error {
	ce := &ChangeError{UUID: v.UUID(), FileGeneration: other.h.Generation, FileSavedAt: other.h.SavedAt, SavedBy: other.who}
	for i := range added {
		ce.Added = append(ce.Added, slotInfo(&added[i], [16]byte{}))
	}
	return ce
}

// rewrap wraps master to every slot of h.
func rewrap(h *header, master *memguard.Enclave) error {
	buf, err := master.Open()
	if err != nil {
		return err
	}
	defer buf.Destroy()
	for i := range h.Slots {
		s := &h.Slots[i]
		eph, wrapped, err := wrapTo(s.PublicKey[:], buf.Bytes(), h.wrapAD(s))
		if err != nil {
			return err
		}
		copy(s.EphPub[:], eph)
		s.Wrapped = wrapped
	}
	return nil
}

// applyMerge installs a merge's header and writes its audit line.
func (v *Vault) applyMerge(rep MergeReport, h *header, what string) error {
	*v.hdr = *h
	if err := v.storeFieldKey(); err != nil {
		return err
	}
	return v.auditMerge(rep, what)
}

func (v *Vault) auditMerge(rep MergeReport, what string) error {
	how := ""
	if rep.TwoWay {
		how = "; no common version, every difference kept as a conflict"
	}
	return v.auditLocked("vault.merge", "", fmt.Sprintf("merged %s saved by %q (version %d): %d records, %d lines, %d conflicts%s",
		what, rep.From, rep.Generation, rep.Records, rep.Lines, rep.Conflicts, how))
}

// mergeDisk merges the newer save on disk into this session before saving
// above it.
func (v *Vault) mergeDisk() error {
	v.prefetchBase()
	defer v.dropPrefetch()
	other, err := v.openOtherFile(v.path)
	if err != nil {
		return err
	}
	diskSum := other.h.Checksum
	err = v.mergeNewerOther(other, "another save on disk")
	other.close()
	if err != nil {
		return err
	}
	v.mergedSum = diskSum
	return nil
}

// mergeNewer merges another writer's newer save (the whole file: found on
// disk, or fetched from a share after a 412) into this session, so that
// the next save goes above both.
func (v *Vault) mergeNewer(data []byte, what string) error {
	other, err := v.openOther(data)
	if err != nil {
		return err
	}
	defer other.close()
	return v.mergeNewerOther(other, what)
}

// mergeNewerOther is mergeNewer for an opened copy.
func (v *Vault) mergeNewerOther(other *otherCopy, what string) error {
	rep, h, err := v.mergeWith(other)
	if err != nil {
		return err
	}
	gen := max(rep.Generation, v.hdr.Generation)
	if err := v.applyMerge(rep, h, what); err != nil {
		return err
	}
	v.hdr.Generation = gen
	v.lastMerge = &rep
	return nil
}

// LastMerge reports the last merge of another writer's save, if any.
func (v *Vault) LastMerge() *MergeReport {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.lastMerge
}

// MergeFile merges another copy of this vault (a sync tool's conflict
// copy, a copy from a USB stick) into the vault and saves. The copy is then
// moved into the backups folder, not deleted.
func (v *Vault) MergeFile(path string) (MergeReport, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.writable(); err != nil {
		return MergeReport{}, err
	}
	data, err := readVaultFile(path)
	if err != nil {
		return MergeReport{}, err
	}
	rep, h, err := v.mergeLocked(data)
	if err != nil {
		return rep, err
	}
	if err := v.applyMerge(rep, h, "the copy "+filepath.Base(path)); err != nil {
		return rep, err
	}
	if err := v.saveLocked(); err != nil {
		return rep, err
	}
	bdir := BackupDir(v.path)
	if err := os.MkdirAll(bdir, 0o700); err == nil {
		_ = os.Rename(path, filepath.Join(bdir, filepath.Base(path)+".merged-"+time.Now().UTC().Format("20060102T150405")))
	}
	return rep, nil
}

// ConflictCopies lists files beside the vault that sync tools made from
// it (name patterns in shared/design/sharing.md) and that are copies of
// this vault by their UUID.
func ConflictCopies(path string) ([]string, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	id, _, _, err := Inspect(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if n == base || e.IsDir() || !strings.HasSuffix(n, ext) || !strings.HasPrefix(n, stem) {
			continue
		}
		mid := strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(n, stem), ext))
		if mid == "" || !looksLikeConflict(mid) {
			continue
		}
		p := filepath.Join(dir, n)
		if oid, _, _, err := Inspect(p); err == nil && oid == id {
			out = append(out, p)
		}
	}
	return out, nil
}

// looksLikeConflict matches what sync tools put between a file's name and
// its extension: Syncthing ".sync-conflict-…", Nextcloud/ownCloud
// " (conflicted copy …)" and "_conflict-…", 坚果云 "(冲突…", Dropbox
// " (… conflicted copy …)", Resilio ".Conflict", Seafile "(SFConflict …)",
// OneDrive "-HOSTNAME".
func looksLikeConflict(mid string) bool {
	for _, m := range []string{"sync-conflict", "conflicted copy", "_conflict-", "冲突", ".conflict", "sfconflict"} {
		if strings.Contains(mid, m) {
			return true
		}
	}
	return strings.HasPrefix(mid, "-") && len(mid) > 1 && !strings.ContainsAny(mid, " .")
}
