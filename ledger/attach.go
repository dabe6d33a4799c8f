package ledger

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// MaxAttachmentSize is the largest attachment a vault keeps (10 MiB).
// Attachments live inside the vault image, so every save writes them again:
// they are for licence scans and stamped letters, not archives.
const MaxAttachmentSize = 10 << 20

// Attachment owner kinds.
const (
	OwnerCredential = "credential"
	OwnerSite       = "site"
	OwnerEntity     = "entity"
	OwnerContact    = "contact"
)

// AttachmentOwners lists the kinds of record an attachment can belong to.
var AttachmentOwners = []string{OwnerCredential, OwnerSite, OwnerEntity, OwnerContact}

// ErrAttachmentTooLarge is returned for content over MaxAttachmentSize.
var ErrAttachmentTooLarge = errors.New("attachment too large")

// Attachment is a small file kept with a record. Its content is never in
// this struct: the store seals it and opens it on request.
type Attachment struct {
	Meta
	OwnerKind string `json:"owner_kind"` // one of AttachmentOwners
	OwnerID   string `json:"owner_id"`
	Name      string `json:"name"` // file name, without any folder
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"` // hex, of the content
}

// AttachmentName keeps the last element of a path, whichever separator the
// path uses, so that a name never carries a folder. A path that ends in a
// separator names a folder, and gives "".
func AttachmentName(path string) string {
	path = strings.TrimSpace(path)
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		path = path[i+1:]
	}
	path = strings.TrimSpace(path)
	if path == "." || path == ".." {
		return ""
	}
	return path
}

// FormatSize renders a byte count for people: 512 B, 1.5 KiB, 10.0 MiB.
func FormatSize(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

// CheckAttachmentSize refuses content over MaxAttachmentSize with an
// error that names the limit.
func CheckAttachmentSize(name string, size int64) error {
	if size > MaxAttachmentSize {
		return fmt.Errorf("%w: %q is %d bytes (%s); the limit is %d bytes (%s)", ErrAttachmentTooLarge,
			name, size, FormatSize(size), int64(MaxAttachmentSize), FormatSize(MaxAttachmentSize))
	}
	return nil
}

// Prepare validates an attachment before it is stored and fills what the
// content determines: the name loses any folder, Size and SHA256 are
// computed, and an empty MediaType is sniffed from the content.
func (a *Attachment) Prepare(data []byte) error {
	a.Name = AttachmentName(a.Name)
	if a.Name == "" {
		return errors.New("attachment needs a file name")
	}
	known := false
	for _, k := range AttachmentOwners {
		known = known || a.OwnerKind == k
	}
	if !known {
		return fmt.Errorf("attachments belong to a %s, not a %q", strings.Join(AttachmentOwners, ", "), a.OwnerKind)
	}
	if a.OwnerID == "" {
		return fmt.Errorf("attachment %q has no owner", a.Name)
	}
	if err := CheckAttachmentSize(a.Name, int64(len(data))); err != nil {
		return err
	}
	a.Size = int64(len(data))
	sum := sha256.Sum256(data)
	a.SHA256 = hex.EncodeToString(sum[:])
	if strings.TrimSpace(a.MediaType) == "" {
		a.MediaType = http.DetectContentType(data)
	}
	return nil
}
