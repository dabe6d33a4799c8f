package vault

import (
	"crypto/subtle"
	"errors"
	"fmt"

	"github.com/awnumar/memguard"
)

// ErrNotPassphrase is returned by ChangePassphrase when the session was
// unlocked with another way in (a recovery key or an identity file).
var ErrNotPassphrase = errors.New("this session was not unlocked with a passphrase")

// ChangePassphrase gives the passphrase slot this session unlocked a new
// passphrase. old must be the slot's current passphrase. The slot keeps its
// id, label and creation time; its salt, KDF parameters (newPass's) and key
// pair are new, and the session signs with the new key from now on.
//
// This is not a removal: nobody lost access, so no credential is marked
// "rotate now" and the field key stays. The master key is replaced (and
// wrapped to every slot again): someone who learnt the old passphrase and
// kept an older copy of the file could otherwise read later saves with the
// master key from that copy. Every other way in opens as before. This
// computer's memory of the vault records the new key with the save, so the
// next open here reports no change; another computer that saw the old key
// reports the slot as changed.
func (v *Vault) ChangePassphrase(old, newPass *Passphrase) (SlotInfo, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.writable(); err != nil {
		return SlotInfo{}, err
	}
	idx := -1
	for i := range v.hdr.Slots {
		if v.hdr.Slots[i].ID == v.inUse {
			idx = i
		}
	}
	if idx < 0 || v.hdr.Slots[idx].Type != SlotPassphrase {
		return SlotInfo{}, ErrNotPassphrase
	}
	// Another writer's newer save is merged in first, while its copy of
	// this slot still matches the key this session holds.
	for try := 0; ; try++ {
		var newer errDiskNewer
		if err := v.checkDisk(); !errors.As(err, &newer) {
			if err != nil {
				return SlotInfo{}, err
			}
			break
		}
		if try == 3 {
			return SlotInfo{}, fmt.Errorf("%w: it keeps changing while merging", ErrConflict)
		}
		if err := v.mergeDisk(); err != nil {
			return SlotInfo{}, err
		}
	}
	cur := v.hdr.Slots[idx]
	osk, err := old.scalar(v.hdr, &cur)
	if err != nil {
		return SlotInfo{}, err
	}
	same := subtle.ConstantTimeCompare(x25519Pub(osk), cur.PublicKey[:]) == 1
	wipe(osk)
	if !same {
		return SlotInfo{}, fmt.Errorf("%w: wrong passphrase", ErrWrongKey)
	}

	ns := slot{Type: cur.Type, ID: cur.ID, Created: cur.Created, Label: cur.Label}
	pk, sk, err := newPass.newSlot(&ns)
	if err != nil {
		return SlotInfo{}, err
	}
	if _, err := xeddsaPub(pk); err != nil {
		wipe(sk)
		return SlotInfo{}, fmt.Errorf("%w: the public key cannot verify signatures", ErrBadIdentity)
	}
	copy(ns.PublicKey[:], pk)

	oldSlots, oldMaster, oldSign := v.hdr.Slots, v.master, v.signKey
	slots := append([]slot(nil), oldSlots...)
	slots[idx] = ns
	newMaster := memguard.NewEnclave(randomBytes(32))
	v.hdr.Slots = slots
	if err := rewrap(v.hdr, newMaster); err != nil {
		wipe(sk)
		v.hdr.Slots = oldSlots
		return SlotInfo{}, err
	}
	v.master, v.signKey = newMaster, memguard.NewEnclave(sk) // wipes sk
	restore := func() {
		v.hdr.Slots, v.master, v.signKey = oldSlots, oldMaster, oldSign
		_ = v.storeFieldKey()
	}
	// The field key is kept but wrapped under the new master key.
	if err := v.storeFieldKey(); err != nil {
		restore()
		return SlotInfo{}, err
	}
	if err := v.auditLocked("access.passphrase", slotID(ns.ID), fmt.Sprintf("changed the passphrase of slot %q; master key replaced", ns.Label)); err != nil {
		restore()
		return SlotInfo{}, err
	}
	if err := v.saveLocked(); err != nil {
		restore()
		return SlotInfo{}, err
	}
	return slotInfo(&ns, v.inUse), nil
}
