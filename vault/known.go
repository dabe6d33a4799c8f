package vault

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
)

// The known-vaults memory: what this user last saw of each vault, kept in
// the user's own config folder (never beside the vault, where anyone who
// can write the vault could rewrite it too). It holds no secrets: the
// highest generation seen, whether the file was signed, and the key slots
// (ids, types, labels, public keys). Opening a file whose generation went
// down (a rollback: an older copy put back) or whose ways in changed since
// (a slot added or removed by someone else — or re-added by a removed
// person) is refused with a ChangeError until the user accepts it
// (Options.AcceptRollback, Options.AcceptChanges).

// KnownDirEnv overrides where the memory is kept (tests, portable installs).
const KnownDirEnv = "BEIANLEDGER_KNOWN_DIR"

// ErrUnexpectedChange is wrapped by every ChangeError.
var ErrUnexpectedChange = errors.New("the vault changed in a way this computer did not expect")

type knownSlot struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	Label     string `json:"label"`
	PublicKey string `json:"public_key"`
}

type knownVault struct {
	UUID       string      `json:"uuid"`
	Generation uint64      `json:"generation"`
	SavedAt    time.Time   `json:"saved_at"`
	Signed     bool        `json:"signed"`
	Slots      []knownSlot `json:"slots"`
	Path       string      `json:"path"`
	SeenAt     time.Time   `json:"seen_at"`
}

// ChangeError says what changed since this computer last saw the vault.
type ChangeError struct {
	UUID string
	// Rollback: the file's generation is below the highest seen.
	Rollback                        bool
	KnownGeneration, FileGeneration uint64
	KnownSavedAt, FileSavedAt       time.Time
	// Unsigned: the file is in the old format without a save signature, so
	// nothing shows who wrote it. Opened with AcceptChanges it is signed at
	// once (a writable open). Downgrade: and the vault was signed when this
	// computer last saw it.
	Unsigned, Downgrade bool
	// Added and Removed ways in, compared with the last time. Rekeyed are
	// ways in that kept their id and kind but have a new key: a passphrase
	// changed (`access change-passphrase`) — or a key put in its place by
	// someone who could write the file, which is why it is asked about.
	Added, Removed, Rekeyed []SlotInfo
	// SavedBy is the label of the slot that signed the file ("" unsigned).
	SavedBy string
	SeenAt  time.Time // when this computer last saw the vault
}

func (e *ChangeError) Unwrap() error { return ErrUnexpectedChange }

// SlotsChanged reports whether ways in were added or removed.
func (e *ChangeError) SlotsChanged() bool {
	return len(e.Added)+len(e.Removed)+len(e.Rekeyed) > 0 || e.Unsigned
}

func (e *ChangeError) Error() string {
	var parts []string
	if e.Rollback {
		parts = append(parts, fmt.Sprintf("the file is version %d (saved %s), older than version %d (saved %s) seen here on %s: an older copy was put back",
			e.FileGeneration, e.FileSavedAt.Local().Format("2006-01-02 15:04"), e.KnownGeneration,
			e.KnownSavedAt.Local().Format("2006-01-02 15:04"), e.SeenAt.Local().Format("2006-01-02 15:04")))
	}
	switch {
	case e.Downgrade:
		parts = append(parts, "the vault was signed when last seen here, this file is not signed (old format): it may be forged")
	case e.Unsigned:
		parts = append(parts, "the file is in the old format without a signature, so nothing shows who saved it; if you expected that, accept and it is signed now")
	}
	for _, s := range e.Added {
		parts = append(parts, fmt.Sprintf("way in added: %s %q (created %s)", s.Type, s.Label, s.Created.Local().Format("2006-01-02 15:04")))
	}
	for _, s := range e.Rekeyed {
		parts = append(parts, fmt.Sprintf("way in re-keyed (passphrase changed?): %s %q", s.Type, s.Label))
	}
	for _, s := range e.Removed {
		parts = append(parts, fmt.Sprintf("way in removed: %s %q", s.Type, s.Label))
	}
	who := "unsigned"
	if e.SavedBy != "" {
		who = fmt.Sprintf("signed by %q", e.SavedBy)
	}
	since := "since this computer last opened it"
	if e.SeenAt.IsZero() {
		since = "(first time on this computer)"
	}
	return fmt.Sprintf("%v %s: %s; the file was saved %s, %s",
		ErrUnexpectedChange, since, strings.Join(parts, "; "), e.FileSavedAt.Local().Format("2006-01-02 15:04"), who)
}

// knownDir is where the memory lives: Options.KnownDir, else the
// environment override, else the user's config folder.
func (o *Options) knownDir() string {
	if o.KnownDir != "" {
		return o.KnownDir
	}
	if d := os.Getenv(KnownDirEnv); d != "" {
		return d
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "beianledger", "known-vaults")
}

func knownFile(dir string, id [16]byte) string {
	return filepath.Join(dir, uuid.UUID(id).String()+".json")
}

func loadKnown(dir string, id [16]byte) (*knownVault, error) {
	if dir == "" || dir == "-" {
		return nil, nil
	}
	data, err := readSmallFile(knownFile(dir, id), 1<<20)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var k knownVault
	if err := json.Unmarshal(data, &k); err != nil {
		// A broken memory file must not lock the user out; it is
		// rewritten after this open. Treat it as first sight.
		return nil, nil
	}
	return &k, nil
}

// readSmallFile reads a regular file of at most limit bytes.
func readSmallFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > limit {
		return nil, fmt.Errorf("%s is not a small regular file", path)
	}
	buf := make([]byte, fi.Size())
	n, err := f.Read(buf)
	if err != nil && n != len(buf) {
		return nil, err
	}
	return buf[:n], nil
}

func knownOf(h *header, path string, now time.Time) *knownVault {
	k := &knownVault{UUID: uuid.UUID(h.UUID).String(), Generation: h.Generation, SavedAt: h.SavedAt,
		Signed: h.signed(), Path: path, SeenAt: now.UTC()}
	for i := range h.Slots {
		s := &h.Slots[i]
		k.Slots = append(k.Slots, knownSlot{ID: slotID(s.ID), Type: s.Type.String(), Label: s.Label, PublicKey: hex.EncodeToString(s.PublicKey[:])})
	}
	sort.Slice(k.Slots, func(i, j int) bool { return k.Slots[i].ID < k.Slots[j].ID })
	return k
}

// checkKnown compares a file's header with the memory of the vault. It
// returns nil when nothing unexpected happened or the user accepted it.
func checkKnown(k *knownVault, h *header, opts Options) error {
	e := &ChangeError{UUID: uuid.UUID(h.UUID).String(), FileGeneration: h.Generation, FileSavedAt: h.SavedAt, Unsigned: !h.signed()}
	if s := h.slotByID(h.Signer); h.signed() && s != nil {
		e.SavedBy = s.Label
	}
	if k == nil {
		if e.Unsigned && !opts.AcceptChanges {
			return e
		}
		return nil
	}
	e.KnownGeneration, e.KnownSavedAt, e.SeenAt = k.Generation, k.SavedAt, k.SeenAt
	e.Rollback = h.Generation < k.Generation
	e.Downgrade = k.Signed && !h.signed()
	known := map[string]knownSlot{}
	for _, s := range k.Slots {
		known[s.ID] = s
	}
	inFile := map[string]bool{}
	for i := range h.Slots {
		s := &h.Slots[i]
		id := slotID(s.ID)
		inFile[id] = true
		switch ks, ok := known[id]; {
		case !ok:
			e.Added = append(e.Added, slotInfo(s, [16]byte{}))
		case ks.PublicKey == hex.EncodeToString(s.PublicKey[:]):
		case ks.Type == s.Type.String():
			e.Rekeyed = append(e.Rekeyed, slotInfo(s, [16]byte{}))
		default:
			e.Added = append(e.Added, slotInfo(s, [16]byte{}))
		}
	}
	for _, s := range k.Slots {
		if !inFile[s.ID] {
			e.Removed = append(e.Removed, SlotInfo{ID: s.ID, Type: s.Type, Label: s.Label})
		}
	}
	rollbackOK := !e.Rollback || opts.AcceptRollback
	changesOK := !e.SlotsChanged() || opts.AcceptChanges
	if rollbackOK && changesOK {
		return nil
	}
	return e
}

// rememberKnown records what this user has now seen of the vault. Unless
// the user accepted a rollback, the generation never goes down (another
// process may have recorded a newer one meanwhile).
func rememberKnown(dir string, h *header, path string, now time.Time, acceptRollback bool) error {
	if dir == "" || dir == "-" {
		return nil
	}
	k := knownOf(h, path, now)
	if old, _ := loadKnown(dir, h.UUID); old != nil && !acceptRollback && old.Generation > k.Generation {
		k.Generation, k.SavedAt = old.Generation, old.SavedAt
	}
	data, err := json.MarshalIndent(k, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".known-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(append(data, '\n'))
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return errors.Join(werr, cerr)
	}
	if err := os.Rename(tmp.Name(), knownFile(dir, h.UUID)); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
