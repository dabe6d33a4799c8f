package vault

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
	"time"
	"unicode/utf8"
)

// The byte layout is specified in docs/vault-format.md; keep the two in step.

const (
	magic = "BEIANVLT"

	// FormatVersion is the version this program writes. Files with a higher
	// version are refused; lower ones are read and rewritten on save.
	// Version 2 adds the save signature (signer slot id and XEdDSA
	// signature) between the header MAC and the checksum.
	FormatVersion = 2

	fixedHeaderLen = 8 + 2 + 2 + 16 + 8 + 8 + 2 // up to and including the slot count
	macLen         = 32
	checksumLen    = 32
	nonceLen       = 24
	tagLen         = 16

	maxSlots       = 64
	maxLabelBytes  = 200
	wrappedLen     = nonceLen + 32 + tagLen // sealed 32-byte master key
	saltLen        = 16
	maxSlotBodyLen = 1 + 16 + 8 + 2 + maxLabelBytes + 32 + 32 + 2 + wrappedLen + 4 + 4 + 1 + saltLen

	signerLen = 16 + sigLen // slot id of the signer, signature

	minFileLen = fixedHeaderLen + macLen + checksumLen + nonceLen + tagLen

	// sigDomain starts every signed message, so a save signature can never
	// be mistaken for a signature over anything else.
	sigDomain = "beianledger/v2 save signature\x00"
)

// SlotType says how a slot's secret scalar is obtained.
type SlotType uint8

// Slot types. The numbers are part of the file format.
const (
	SlotPassphrase SlotType = 1 // Argon2id(passphrase, salt) → scalar
	SlotRecipient  SlotType = 2 // a backup contact's identity file holds the scalar
	SlotRecovery   SlotType = 3 // HKDF(recovery key, salt) → scalar
)

// String names the slot type as the CLI prints it.
func (t SlotType) String() string {
	switch t {
	case SlotPassphrase:
		return "passphrase"
	case SlotRecipient:
		return "recipient"
	case SlotRecovery:
		return "recovery-key"
	}
	return fmt.Sprintf("unknown(%d)", uint8(t))
}

// slot is one way in: it holds the master key sealed to PublicKey.
type slot struct {
	Type      SlotType
	ID        [16]byte
	Created   time.Time // second precision
	Label     string
	PublicKey [32]byte
	EphPub    [32]byte
	Wrapped   []byte // wrappedLen bytes
	KDF       KDFParams
	Salt      []byte // passphrase and recovery slots
}

// header is everything before the payload.
type header struct {
	Version    uint16
	UUID       [16]byte
	Generation uint64
	SavedAt    time.Time // millisecond precision
	Slots      []slot
	MAC        [macLen]byte
	Signer     [16]byte // version ≥ 2: id of the slot that signed the save
	Sig        [sigLen]byte
	Checksum   [checksumLen]byte // the header checksum as read or written
	macEnd     int               // parsed files: offset just after the MAC
}

// signed reports whether the header carries a save signature.
func (h *header) signed() bool { return h.Version >= 2 }

// payloadAD is the associated data of the payload: version 1 binds the whole
// header through its checksum; version 2 binds everything up to and
// including the MAC (the signature, made over the payload's hash, follows).
func payloadAD(h *header, file []byte, payloadOff int) []byte {
	if h.signed() {
		return file[:h.macEnd]
	}
	return file[:payloadOff]
}

// signedMessage is what the signer's slot signs: the domain string, the
// header bytes through the MAC, the signer's slot id and the SHA-256 of the
// payload (nonce ‖ ciphertext ‖ tag).
func signedMessage(headToMAC []byte, signer [16]byte, payload []byte) []byte {
	return signedMessageSum(headToMAC, signer, sha256.Sum256(payload))
}

// signedMessageSum is signedMessage given the payload's SHA-256.
func signedMessageSum(headToMAC []byte, signer [16]byte, sum [32]byte) []byte {
	msg := make([]byte, 0, len(sigDomain)+len(headToMAC)+16+len(sum))
	msg = append(msg, sigDomain...)
	msg = append(msg, headToMAC...)
	msg = append(msg, signer[:]...)
	return append(msg, sum[:]...)
}

// wrapAD binds a wrapped master key to its vault and slot, so a slot cannot
// be copied into another vault or retyped.
func (h *header) wrapAD(s *slot) []byte {
	ad := make([]byte, 0, 33)
	ad = append(ad, h.UUID[:]...)
	ad = append(ad, s.ID[:]...)
	return append(ad, byte(s.Type))
}

func (s *slot) encode(b *bytes.Buffer) {
	var body bytes.Buffer
	body.WriteByte(byte(s.Type))
	body.Write(s.ID[:])
	binary.Write(&body, binary.BigEndian, s.Created.Unix())
	binary.Write(&body, binary.BigEndian, uint16(len(s.Label)))
	body.WriteString(s.Label)
	body.Write(s.PublicKey[:])
	body.Write(s.EphPub[:])
	binary.Write(&body, binary.BigEndian, uint16(len(s.Wrapped)))
	body.Write(s.Wrapped)
	switch s.Type {
	case SlotPassphrase:
		binary.Write(&body, binary.BigEndian, s.KDF.Time)
		binary.Write(&body, binary.BigEndian, s.KDF.Memory)
		body.WriteByte(s.KDF.Threads)
		body.Write(s.Salt)
	case SlotRecovery:
		body.Write(s.Salt)
	}
	binary.Write(b, binary.BigEndian, uint16(body.Len()))
	b.Write(body.Bytes())
}

// encodeBody returns the header bytes up to (not including) the MAC.
func (h *header) encodeBody() []byte {
	var b bytes.Buffer
	b.WriteString(magic)
	binary.Write(&b, binary.BigEndian, h.Version)
	binary.Write(&b, binary.BigEndian, uint16(0)) // flags
	b.Write(h.UUID[:])
	binary.Write(&b, binary.BigEndian, h.Generation)
	binary.Write(&b, binary.BigEndian, h.SavedAt.UnixMilli())
	binary.Write(&b, binary.BigEndian, uint16(len(h.Slots)))
	for i := range h.Slots {
		h.Slots[i].encode(&b)
	}
	return b.Bytes()
}

// encode returns the full header: body, MAC, the signature block (version
// ≥ 2), checksum.
func (h *header) encode() []byte {
	body := h.encodeBody()
	out := make([]byte, 0, len(body)+macLen+signerLen+checksumLen)
	out = append(out, body...)
	out = append(out, h.MAC[:]...)
	if h.signed() {
		out = append(out, h.Signer[:]...)
		out = append(out, h.Sig[:]...)
	}
	sum := sha256.Sum256(out)
	return append(out, sum[:]...)
}

// reader is a bounds-checked cursor; once it fails every read fails, and
// the caller checks err once.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || len(r.b)-r.off < n {
		r.err = fmt.Errorf("%w: header ends early at byte %d", ErrDamaged, len(r.b))
		return nil
	}
	v := r.b[r.off : r.off+n]
	r.off += n
	return v
}

func (r *reader) u8() uint8 {
	if v := r.take(1); v != nil {
		return v[0]
	}
	return 0
}

func (r *reader) u16() uint16 {
	if v := r.take(2); v != nil {
		return binary.BigEndian.Uint16(v)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if v := r.take(4); v != nil {
		return binary.BigEndian.Uint32(v)
	}
	return 0
}

func (r *reader) u64() uint64 {
	if v := r.take(8); v != nil {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

// parseHeader checks the structure and checksum of a file's header and
// returns it with the offset where the payload starts. It never runs a KDF
// and never trusts a length without a bound; work factors are checked
// against the ceiling here, before anything could be derived.
func parseHeader(file []byte) (*header, int, error) {
	if len(file) < len(magic) || string(file[:len(magic)]) != magic {
		return nil, 0, ErrNotVault
	}
	if len(file) < minFileLen {
		return nil, 0, fmt.Errorf("%w: file is only %d bytes long", ErrDamaged, len(file))
	}
	r := &reader{b: file, off: len(magic)}
	h := &header{Version: r.u16()}
	if h.Version == 0 {
		return nil, 0, fmt.Errorf("%w: format version 0", ErrDamaged)
	}
	if h.Version > FormatVersion {
		return nil, 0, fmt.Errorf("%w: file has version %d, this program reads up to %d; update Beian Ledger", ErrUnsupportedVersion, h.Version, FormatVersion)
	}
	if flags := r.u16(); flags != 0 {
		return nil, 0, fmt.Errorf("%w: unknown header flags %#04x", ErrDamaged, flags)
	}
	copy(h.UUID[:], r.take(16))
	h.Generation = r.u64()
	h.SavedAt = time.UnixMilli(int64(r.u64()))
	n := int(r.u16())
	if r.err == nil && (n < 1 || n > maxSlots) {
		return nil, 0, fmt.Errorf("%w: %d key slots", ErrDamaged, n)
	}
	for i := 0; i < n && r.err == nil; i++ {
		l := int(r.u16())
		if r.err == nil && l > maxSlotBodyLen {
			return nil, 0, fmt.Errorf("%w: key slot %d is %d bytes long", ErrDamaged, i+1, l)
		}
		body := r.take(l)
		if r.err != nil {
			break
		}
		s, err := parseSlot(body)
		if err != nil {
			return nil, 0, fmt.Errorf("key slot %d: %w", i+1, err)
		}
		h.Slots = append(h.Slots, s)
	}
	copy(h.MAC[:], r.take(macLen))
	h.macEnd = r.off
	if h.signed() {
		copy(h.Signer[:], r.take(16))
		copy(h.Sig[:], r.take(sigLen))
	}
	end := r.off
	sum := r.take(checksumLen)
	if r.err != nil {
		return nil, 0, r.err
	}
	want := sha256.Sum256(file[:end])
	if subtle.ConstantTimeCompare(sum, want[:]) != 1 {
		return nil, 0, fmt.Errorf("%w: header checksum mismatch", ErrDamaged)
	}
	copy(h.Checksum[:], sum)
	if len(file)-r.off < nonceLen+tagLen {
		return nil, 0, fmt.Errorf("%w: payload is missing", ErrDamaged)
	}
	// Checked after the checksum so that a random flip reports "damaged";
	// a deliberately forged header with huge work factors is refused here.
	var total uint64
	for i := range h.Slots {
		if h.Slots[i].Type == SlotPassphrase {
			if err := h.Slots[i].KDF.Check(); err != nil {
				return nil, 0, fmt.Errorf("key slot %d: %w", i+1, err)
			}
			total += uint64(h.Slots[i].KDF.Memory) * uint64(h.Slots[i].KDF.Time)
		}
	}
	if total > MaxKDFTotalWork {
		return nil, 0, fmt.Errorf("%w: the passphrase slots together ask for %d GiB·passes of work (at most %d)", ErrHostileKDF, total>>20, MaxKDFTotalWork>>20)
	}
	return h, r.off, nil
}

func parseSlot(body []byte) (slot, error) {
	r := &reader{b: body}
	var s slot
	s.Type = SlotType(r.u8())
	copy(s.ID[:], r.take(16))
	s.Created = time.Unix(int64(r.u64()), 0)
	ll := int(r.u16())
	if r.err == nil && ll > maxLabelBytes {
		return s, fmt.Errorf("%w: label of %d bytes", ErrDamaged, ll)
	}
	s.Label = string(r.take(ll))
	copy(s.PublicKey[:], r.take(32))
	copy(s.EphPub[:], r.take(32))
	wl := int(r.u16())
	if r.err == nil && wl != wrappedLen {
		return s, fmt.Errorf("%w: wrapped key of %d bytes", ErrDamaged, wl)
	}
	s.Wrapped = append([]byte(nil), r.take(wl)...)
	switch s.Type {
	case SlotPassphrase:
		s.KDF.Time = r.u32()
		s.KDF.Memory = r.u32()
		s.KDF.Threads = r.u8()
		s.Salt = append([]byte(nil), r.take(saltLen)...)
	case SlotRecovery:
		s.Salt = append([]byte(nil), r.take(saltLen)...)
	case SlotRecipient:
	default:
		return s, fmt.Errorf("%w: unknown slot type %d", ErrDamaged, s.Type)
	}
	if r.err != nil {
		return s, r.err
	}
	if r.off != len(body) {
		return s, fmt.Errorf("%w: %d stray bytes after slot", ErrDamaged, len(body)-r.off)
	}
	if !utf8.ValidString(s.Label) {
		return s, fmt.Errorf("%w: slot label is not UTF-8", ErrDamaged)
	}
	return s, nil
}
