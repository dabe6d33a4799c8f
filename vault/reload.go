package vault

import (
	"errors"

	"github.com/awnumar/memguard"
)

// Reload brings another writer's save on disk into this open session, for
// a window that follows the shared file while it is open. It returns nil,
// nil when the file on disk is the one this session loaded or saved.
//
// A writable session merges the save in (merge.go) without saving: the
// result is what the file holds plus this session's own changes, and those
// are all on disk already unless a save failed — then, or when the merge
// recorded conflicts or rotated keys, it saves at once. A session that
// saves only because it followed another writer would answer every save
// with one of its own. The save taken in becomes the merge base, so the
// next merge compares against what this session has already seen.
//
// A read-only session takes the save over as it is.
//
// A way in added in the saved file stops with a *ChangeError, as on open,
// unless the session was opened accepting changes.
func (v *Vault) Reload() (*MergeReport, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.db == nil {
		return nil, ErrClosed
	}
	var newer errDiskNewer
	if err := v.checkDisk(); !errors.As(err, &newer) {
		return nil, err
	}
	if v.writable() == nil {
		v.prefetchBase()
		defer v.dropPrefetch()
	}
	data, err := readVaultFile(v.path)
	if err != nil {
		return nil, err
	}
	dh, _, err := parseHeader(data)
	if err != nil {
		return nil, err
	}
	diskSum := dh.Checksum
	other, err := v.openOther(data)
	if err != nil {
		return nil, err
	}
	defer other.close()
	if v.writable() != nil {
		return v.takeOver(other)
	}
	img, err := serializeImage(other.db)
	if err != nil {
		return nil, err
	}
	unsaved, master := v.saveFailed, v.master
	rep, h, err := v.mergeWith(other)
	if err != nil {
		img.free()
		return nil, err
	}
	// Keys rotated for a removal there, or a way in taken: on disk at once.
	rotated := v.master != master || len(h.Slots) != len(v.hdr.Slots)
	*v.hdr = *h
	if err := v.storeFieldKey(); err != nil {
		img.free()
		return nil, err
	}
	v.hdr.Generation = max(rep.Generation, v.hdr.Generation)
	v.mergedSum = diskSum
	v.lastMerge = &rep
	v.setBaseImage(img, other.h.Slots, other.fk)
	if unsaved || rotated || rep.Conflicts > 0 {
		if err := v.auditMerge(rep, "another save on disk"); err != nil {
			return &rep, err
		}
		return &rep, v.saveLocked()
	}
	return &rep, nil
}

// takeOver replaces a read-only session's ledger and keys with other's.
func (v *Vault) takeOver(other *otherCopy) (*MergeReport, error) {
	var added []slot
	for _, s := range other.h.Slots {
		if v.hdr.slotByID(s.ID) == nil {
			added = append(added, s)
		}
	}
	if len(added) > 0 && !v.opts.AcceptChanges {
		return nil, v.addedError(other, added)
	}
	img, err := serialize(other.db)
	if err != nil {
		return nil, err
	}
	defer wipe(img)
	// The same connection gets the new content: readers that hold the
	// database keep a working handle.
	if err := deserialize(v.db, img); err != nil {
		return nil, err
	}
	if err := migrate(v.db); err != nil {
		return nil, err
	}
	*v.hdr = *other.h
	v.master = memguard.NewEnclave(append([]byte(nil), other.master...))
	v.fkMu.Lock()
	v.fieldKey = memguard.NewEnclave(append([]byte(nil), other.fk...))
	v.fkMu.Unlock()
	v.lastMerge = &MergeReport{From: other.who, Generation: other.h.Generation}
	return v.lastMerge, nil
}
