package gui

import (
	"strings"
	"testing"

	"beianledger/app/i18n"
	"beianledger/ledger/letter"
)

// Item 16: the 受托人 is picked from the contacts: name, mobile and the ID
// number (opened from its seal) fill in and reach the preview.
func TestLetterAgentFromContacts(t *testing.T) {
	h := openWith(t, i18n.ZH, withEntityAndContact)
	s := h.letters()
	s.selectKind(t, letter.KindAgent)
	if !s.agentBox.Visible() {
		t.Fatal("agent hidden")
	}
	if len(s.agentPick.Options) != 1 || !strings.HasPrefix(s.agentPick.Options[0], "Li Shili") {
		t.Fatalf("contact choices %q", s.agentPick.Options)
	}
	s.agentPick.SetSelectedIndex(0)
	h.u.wait()
	if s.agentName.Text != "Li Shili" || s.agentMobile.Text != "13912345678" || s.agentID.Text != "11010519491231002X" {
		t.Fatalf("filled %q %q %q", s.agentName.Text, s.agentMobile.Text, s.agentID.Text)
	}
	if !strings.Contains(s.preview.Text, "Li Shili") {
		t.Errorf("the agent is not in the preview")
	}
}
