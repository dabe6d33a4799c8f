package ledger

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

func TestAttachmentName(t *testing.T) {
	for in, want := range map[string]string{
		"营业执照.pdf":                    "营业执照.pdf",
		"/home/wang/扫描/营业执照.pdf":      "营业执照.pdf",
		`C:\Users\wang\Desktop\函.jpg`: "函.jpg",
		"  a b.txt ":                  "a b.txt",
		"dir/":                        "",
		`dir\`:                        "",
		"..":                          "",
		"a/..":                        "",
		"":                            "",
	} {
		if got := AttachmentName(in); got != want {
			t.Errorf("AttachmentName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAttachmentPrepare(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\nrest")
	a := Attachment{OwnerKind: OwnerSite, OwnerID: "s1", Name: "/tmp/x.png"}
	if err := a.Prepare(png); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(png)
	if a.Name != "x.png" || a.Size != 12 || a.MediaType != "image/png" || a.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("prepared: %+v", a)
	}
	kept := Attachment{OwnerKind: OwnerContact, OwnerID: "c1", Name: "id.bin", MediaType: "application/x-custom"}
	kept.Prepare([]byte("x"))
	if kept.MediaType != "application/x-custom" {
		t.Errorf("given media type replaced: %q", kept.MediaType)
	}
	big := Attachment{OwnerKind: OwnerEntity, OwnerID: "e1", Name: "big"}
	err := big.Prepare(make([]byte, MaxAttachmentSize+1))
	if !errors.Is(err, ErrAttachmentTooLarge) || !strings.Contains(err.Error(), "the limit is 10485760 bytes (10.0 MiB)") {
		t.Errorf("oversize: %v", err)
	}
	for _, bad := range []Attachment{
		{OwnerKind: "provider", OwnerID: "p", Name: "x"},
		{OwnerKind: OwnerSite, Name: "x"},
		{OwnerKind: OwnerSite, OwnerID: "s", Name: "dir/"},
	} {
		if err := bad.Prepare([]byte("x")); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1536: "1.5 KiB", MaxAttachmentSize: "10.0 MiB"} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}
