package vault

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"beianledger/ledger"
)

// TestFormatDocMatchesCode keeps docs/vault-format.md honest: every
// constant the format depends on must appear there with its value.
func TestFormatDocMatchesCode(t *testing.T) {
	b, err := os.ReadFile("../docs/vault-format.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	want := []string{
		"`" + magic + "`",
		fmt.Sprintf("version %d", FormatVersion),
		fmt.Sprintf("1 … %d", maxSlots),
		fmt.Sprintf("≤ %d)", maxSlotBodyLen),
		fmt.Sprintf("≤ %d", maxLabelBytes),
		fmt.Sprintf("length must be %d", wrappedLen),
		fmt.Sprintf("length ≥ %d bytes", minFileLen),
		fmt.Sprintf("1–%d passes", MaxKDFTime),
		fmt.Sprintf("%d GiB", MaxKDFMemoryKiB>>20),
		fmt.Sprintf("1–%d threads", MaxKDFThreads),
		fmt.Sprintf("page size %d KiB", pageSize>>10),
		fmt.Sprintf("≤ %d MiB", ledger.MaxAttachmentSize>>20),
		fmt.Sprintf("(%d bytes)", ledger.MaxAttachmentSize),
		"(schema 4, `migrations/0004_attachments.sql`)",
		"(schema 5, `migrations/0005_conflicts.sql`)",
		"(schema 6, `migrations/0006_expiries.sql`)",
		"(schema 7, `migrations/0007_audit_host.sql`)",
		fmt.Sprintf("(schema %d, `migrations/0008_audit_chain.sql`)", SchemaVersion()),
		fmt.Sprintf("`%d` passphrase, `%d` recipient", SlotPassphrase, SlotRecipient),
		fmt.Sprintf("`%d` recovery key", SlotRecovery),
		identityTag,
		recipientPrefix,
		infoSlotWrap, infoPassphrase, infoRecovery, infoHeaderMAC, infoPayload, infoFieldWrap, infoIdentity,
	}
	for _, w := range want {
		if !strings.Contains(doc, w) {
			t.Errorf("docs/vault-format.md does not say %q", w)
		}
	}
	// The fixed header offsets in the table.
	for _, off := range []string{"| 0 | 8 | magic", "| 8 | 2 | format version", "| 12 | 16 | vault UUID", "| 28 | 8 | generation", "| 44 | 2 | slot count"} {
		if !strings.Contains(doc, off) {
			t.Errorf("layout row %q missing", off)
		}
	}
	if fixedHeaderLen != 46 {
		t.Errorf("fixed header is %d bytes; the doc's table says slots start at 46", fixedHeaderLen)
	}
}
