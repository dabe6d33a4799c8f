package vault

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/awnumar/memguard"
)

// Key is one way into a vault: a passphrase, a backup contact's identity or
// a recovery key. Each derives the secret scalar of the matching slots.
type Key interface {
	// Kind is the slot type this key can open.
	Kind() SlotType
	// Describe names the way in for error messages ("passphrase" …).
	Describe() string
	// scalar returns the slot's X25519 secret scalar; the caller wipes it.
	scalar(h *header, s *slot) ([]byte, error)
	// newSlot fills the type-specific parts of a fresh slot and returns
	// the slot's public key and, when this key can open it, its secret
	// scalar (which the caller wipes; a bare recipient returns nil).
	newSlot(s *slot) (pub, sk []byte, err error)
}

// Passphrase opens passphrase slots.
type Passphrase struct {
	pass *memguard.Enclave
	kdf  KDFParams // used only when creating a slot
}

// NewPassphrase takes ownership of pass (it is wiped) and returns a key.
// kdf is used when this key creates a slot; opening honours each slot's own
// parameters.
func NewPassphrase(pass []byte, kdf KDFParams) *Passphrase {
	if len(pass) == 0 {
		// memguard refuses empty buffers; an empty passphrase is still a
		// (bad) passphrase, so keep a marker byte that cannot be typed.
		pass = []byte{0}
	}
	return &Passphrase{pass: memguard.NewEnclave(pass), kdf: kdf}
}

// Kind implements Key.
func (p *Passphrase) Kind() SlotType { return SlotPassphrase }

// Describe implements Key.
func (p *Passphrase) Describe() string { return "passphrase" }

func (p *Passphrase) derive(kdf KDFParams, salt []byte) ([]byte, error) {
	if err := kdf.Check(); err != nil {
		return nil, err
	}
	buf, err := p.pass.Open()
	if err != nil {
		return nil, fmt.Errorf("passphrase: %v", err)
	}
	defer buf.Destroy()
	stretched := kdf.derive(buf.Bytes(), salt)
	defer wipe(stretched)
	return hkdfKey(stretched, salt, infoPassphrase), nil
}

func (p *Passphrase) scalar(h *header, s *slot) ([]byte, error) {
	return p.derive(s.KDF, s.Salt)
}

func (p *Passphrase) newSlot(s *slot) ([]byte, []byte, error) {
	s.KDF = p.kdf
	s.Salt = randomBytes(saltLen)
	sk, err := p.derive(s.KDF, s.Salt)
	if err != nil {
		return nil, nil, err
	}
	return x25519Pub(sk), sk, nil
}

// RecoveryKey opens recovery-key slots. It is 256 random bits; no KDF is
// needed to make it hard to guess.
type RecoveryKey struct {
	key *memguard.Enclave
}

// NewRecoveryKey generates a fresh recovery key.
func NewRecoveryKey() *RecoveryKey {
	return &RecoveryKey{key: memguard.NewEnclave(randomBytes(32))}
}

// Kind implements Key.
func (k *RecoveryKey) Kind() SlotType { return SlotRecovery }

// Describe implements Key.
func (k *RecoveryKey) Describe() string { return "recovery key" }

func (k *RecoveryKey) derive(salt []byte) ([]byte, error) {
	buf, err := k.key.Open()
	if err != nil {
		return nil, fmt.Errorf("recovery key: %v", err)
	}
	defer buf.Destroy()
	return hkdfKey(buf.Bytes(), salt, infoRecovery), nil
}

func (k *RecoveryKey) scalar(h *header, s *slot) ([]byte, error) { return k.derive(s.Salt) }

func (k *RecoveryKey) newSlot(s *slot) ([]byte, []byte, error) {
	s.Salt = randomBytes(saltLen)
	sk, err := k.derive(s.Salt)
	if err != nil {
		return nil, nil, err
	}
	return x25519Pub(sk), sk, nil
}

// Crockford's base32 alphabet: no I, L, O or U, so a key read aloud or
// copied by hand survives.
var crockford = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

const recoveryChecksumLen = 3

// String returns the key as 14 groups of 4 characters; the last 24 bits are
// a checksum, so a mistyped character is caught before any slot is tried.
// The returned string is a copy that cannot be wiped: show it, print it,
// and drop it.
func (k *RecoveryKey) String() string {
	buf, err := k.key.Open()
	if err != nil {
		return "(recovery key destroyed)"
	}
	defer buf.Destroy()
	raw := make([]byte, 0, 32+recoveryChecksumLen)
	raw = append(raw, buf.Bytes()...)
	sum := sha256.Sum256(buf.Bytes())
	raw = append(raw, sum[:recoveryChecksumLen]...)
	defer wipe(raw)
	s := crockford.EncodeToString(raw)
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

// ParseRecoveryKey reads a key written by String, forgiving case, spaces,
// dashes and the look-alikes I/L (→1) and O (→0).
func ParseRecoveryKey(s string) (*RecoveryKey, error) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u3000':
		case r == 'I' || r == 'L':
			b.WriteByte('1')
		case r == 'O':
			b.WriteByte('0')
		default:
			b.WriteRune(r)
		}
	}
	raw, err := crockford.DecodeString(b.String())
	if err != nil || len(raw) != 32+recoveryChecksumLen {
		return nil, fmt.Errorf("%w: expected 56 characters in groups of 4", ErrBadRecoveryKey)
	}
	defer wipe(raw)
	sum := sha256.Sum256(raw[:32])
	if subtle.ConstantTimeCompare(sum[:recoveryChecksumLen], raw[32:]) != 1 {
		return nil, fmt.Errorf("%w: checksum does not match (a character is mistyped)", ErrBadRecoveryKey)
	}
	return &RecoveryKey{key: memguard.NewEnclave(append([]byte(nil), raw[:32]...))}, nil
}

// Identity is a backup contact's X25519 key pair. The administrator adds
// its public half (Recipient) to a vault without ever seeing the secret.
type Identity struct {
	sk  *memguard.Enclave
	pub [32]byte
}

// GenerateIdentity makes a new identity.
func GenerateIdentity() *Identity {
	sk := randomBytes(32)
	id := &Identity{}
	copy(id.pub[:], x25519Pub(sk))
	id.sk = memguard.NewEnclave(sk)
	return id
}

// Kind implements Key.
func (id *Identity) Kind() SlotType { return SlotRecipient }

// Describe implements Key.
func (id *Identity) Describe() string { return "identity file" }

// Recipient returns the public half.
func (id *Identity) Recipient() Recipient { return Recipient(id.pub) }

func (id *Identity) scalar(h *header, s *slot) ([]byte, error) {
	if s.PublicKey != id.pub {
		return nil, errAuth // not this identity's slot; skip without work
	}
	buf, err := id.sk.Open()
	if err != nil {
		return nil, fmt.Errorf("identity: %v", err)
	}
	defer buf.Destroy()
	return append([]byte(nil), buf.Bytes()...), nil
}

func (id *Identity) newSlot(s *slot) ([]byte, []byte, error) {
	buf, err := id.sk.Open()
	if err != nil {
		return nil, nil, fmt.Errorf("identity: %v", err)
	}
	defer buf.Destroy()
	return id.pub[:], append([]byte(nil), buf.Bytes()...), nil
}

// Recipient is the public key of a backup contact's identity.
type Recipient [32]byte

const recipientPrefix = "blr1"

var lowerB32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// String encodes the recipient as "blr1…" with a 4-byte checksum.
func (r Recipient) String() string {
	sum := sha256.Sum256(r[:])
	return recipientPrefix + lowerB32.EncodeToString(append(append([]byte(nil), r[:]...), sum[:4]...))
}

// ParseRecipient reads a string made by Recipient.String.
func ParseRecipient(s string) (Recipient, error) {
	var r Recipient
	s = strings.ToLower(strings.TrimSpace(s))
	if !strings.HasPrefix(s, recipientPrefix) {
		return r, fmt.Errorf("%w: a recipient starts with %q", ErrBadIdentity, recipientPrefix)
	}
	raw, err := lowerB32.DecodeString(s[len(recipientPrefix):])
	if err != nil || len(raw) != 36 {
		return r, fmt.Errorf("%w: recipient has the wrong length or characters", ErrBadIdentity)
	}
	sum := sha256.Sum256(raw[:32])
	if !bytes.Equal(sum[:4], raw[32:]) {
		return r, fmt.Errorf("%w: recipient checksum does not match (copied incompletely?)", ErrBadIdentity)
	}
	copy(r[:], raw[:32])
	return r, nil
}

// recipientKey lets Vault.AddRecipient create a slot from a public key.
type recipientKey struct{ pub Recipient }

func (k recipientKey) Kind() SlotType   { return SlotRecipient }
func (k recipientKey) Describe() string { return "recipient" }
func (k recipientKey) scalar(*header, *slot) ([]byte, error) {
	return nil, errAuth // a public key cannot open anything
}
func (k recipientKey) newSlot(s *slot) ([]byte, []byte, error) { return k.pub[:], nil, nil }

const identityTag = "BEIANLEDGER-IDENTITY-1 "

// MarshalIdentity writes id as a text file protected by pass (Argon2id with
// kdf). The public recipient is repeated in a comment for convenience.
func MarshalIdentity(id *Identity, pass []byte, kdf KDFParams) ([]byte, error) {
	if err := kdf.Check(); err != nil {
		return nil, err
	}
	salt := randomBytes(saltLen)
	k := hkdfKey(kdf.derive(pass, salt), salt, infoIdentity)
	defer wipe(k)
	buf, err := id.sk.Open()
	if err != nil {
		return nil, fmt.Errorf("identity: %v", err)
	}
	defer buf.Destroy()
	var params bytes.Buffer
	binary.Write(&params, binary.BigEndian, kdf.Time)
	binary.Write(&params, binary.BigEndian, kdf.Memory)
	params.WriteByte(kdf.Threads)
	params.Write(salt)
	params.Write(id.pub[:])
	sealed := seal(k, buf.Bytes(), params.Bytes())
	var out bytes.Buffer
	out.WriteString("# Beian Ledger identity of a backup contact. Keep it private; it is protected by its own passphrase.\n")
	out.WriteString("# 备案台账 备用联系人身份文件。请妥善保管，它由你自己的口令保护。\n")
	fmt.Fprintf(&out, "# recipient: %s\n", id.Recipient())
	out.WriteString(identityTag)
	out.WriteString(base64.StdEncoding.EncodeToString(append(params.Bytes(), sealed...)))
	out.WriteString("\n")
	return out.Bytes(), nil
}

// UnmarshalIdentity reads an identity file with its passphrase.
func UnmarshalIdentity(data, pass []byte) (*Identity, error) {
	var line string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 4096), 4096)
	for sc.Scan() {
		if t := strings.TrimSpace(sc.Text()); strings.HasPrefix(t, identityTag) {
			line = strings.TrimPrefix(t, identityTag)
			break
		}
	}
	if line == "" {
		return nil, fmt.Errorf("%w: no %q line found", ErrBadIdentity, strings.TrimSpace(identityTag))
	}
	raw, err := base64.StdEncoding.DecodeString(line)
	const plen = 4 + 4 + 1 + saltLen + 32
	if err != nil || len(raw) != plen+nonceLen+32+tagLen {
		return nil, fmt.Errorf("%w: identity line is damaged", ErrBadIdentity)
	}
	r := &reader{b: raw}
	kdf := KDFParams{Time: r.u32(), Memory: r.u32(), Threads: r.u8()}
	salt := r.take(saltLen)
	pub := r.take(32)
	if err := kdf.Check(); err != nil {
		return nil, fmt.Errorf("identity file: %w", err)
	}
	k := hkdfKey(kdf.derive(pass, salt), salt, infoIdentity)
	defer wipe(k)
	sk, err := open(k, raw[plen:], raw[:plen])
	if err != nil {
		return nil, fmt.Errorf("%w: wrong passphrase for the identity file", ErrWrongKey)
	}
	id := &Identity{}
	copy(id.pub[:], pub)
	if subtle.ConstantTimeCompare(x25519Pub(sk), pub) != 1 {
		wipe(sk)
		return nil, fmt.Errorf("%w: identity key does not match its public key", ErrBadIdentity)
	}
	id.sk = memguard.NewEnclave(sk)
	return id, nil
}
