package vault

import (
	"crypto/sha256"
	"fmt"
	"time"
)

// verifySignature checks a version-2 file's save signature against the
// signing slot's public key in the (checksummed) header. It needs no key:
// anyone can check who saved a file. Version-1 files carry no signature;
// they are accepted here and the known-vaults memory refuses them for a
// vault that was seen signed (a downgrade).
func verifySignature(h *header, file []byte, payloadOff int) error {
	if !h.signed() {
		return nil
	}
	s := h.slotByID(h.Signer)
	if s == nil {
		return fmt.Errorf("%w: %w: it names a signer that is not one of its ways in", ErrDamaged, ErrNotSignedByAWayIn)
	}
	msg := signedMessage(file[:h.macEnd], h.Signer, file[payloadOff:])
	if err := xeddsaVerify(s.PublicKey[:], msg, h.Sig[:]); err != nil {
		return fmt.Errorf("%w: %w", ErrDamaged, ErrNotSignedByAWayIn)
	}
	return nil
}

func (h *header) slotByID(id [16]byte) *slot {
	for i := range h.Slots {
		if h.Slots[i].ID == id {
			return &h.Slots[i]
		}
	}
	return nil
}

// signFile fills in the signature block of a version-2 file built by
// encodeFile (header with a zero signature, then nonce ‖ ciphertext) and
// recomputes the checksum that covers it.
func (v *Vault) signFile(file []byte, h *header, macEnd, payloadOff int) error {
	return v.signHeader(file[:payloadOff], h, macEnd, sha256.Sum256(file[payloadOff:]))
}

// signHeader signs the header hb (with a zero signature) of a file whose
// payload has SHA-256 sum, fills in the signature and the checksum that
// covers it, in hb and h.
func (v *Vault) signHeader(hb []byte, h *header, macEnd int, sum [32]byte) error {
	if v.signKey == nil {
		return ErrClosed
	}
	buf, err := v.signKey.Open()
	if err != nil {
		return fmt.Errorf("signing key: %v", err)
	}
	defer buf.Destroy()
	sig, err := xeddsaSign(buf.Bytes(), signedMessageSum(hb[:macEnd], h.Signer, sum))
	if err != nil {
		return err
	}
	copy(h.Sig[:], sig)
	copy(hb[macEnd+16:], sig)
	sumEnd := macEnd + signerLen
	check := sha256.Sum256(hb[:sumEnd])
	copy(hb[sumEnd:], check[:])
	h.Checksum = check
	return nil
}

// loadInfo is who saved the file this session opened.
type loadInfo struct {
	generation uint64
	savedAt    time.Time
	signed     bool
	signer     [16]byte
	label      string
}

func loadInfoOf(h *header) loadInfo {
	li := loadInfo{generation: h.Generation, savedAt: h.SavedAt, signed: h.signed(), signer: h.Signer}
	if s := h.slotByID(h.Signer); li.signed && s != nil {
		li.label = s.Label
	}
	return li
}

// SaveInfo says who saved the file as it was opened: the slot whose
// signature it carries.
type SaveInfo struct {
	Generation uint64    `json:"generation"`
	SavedAt    time.Time `json:"saved_at"`
	// Signed is false for a file in the old unsigned format (version 1);
	// it is signed on its next save.
	Signed  bool   `json:"signed"`
	SlotID  string `json:"slot_id,omitempty"`
	SavedBy string `json:"saved_by,omitempty"`
}

// LoadedFrom says who signed the file this session opened.
func (v *Vault) LoadedFrom() SaveInfo {
	v.mu.Lock()
	defer v.mu.Unlock()
	li := v.loaded
	si := SaveInfo{Generation: li.generation, SavedAt: li.savedAt, Signed: li.signed}
	if li.signed {
		si.SlotID, si.SavedBy = slotID(li.signer), li.label
	}
	return si
}
