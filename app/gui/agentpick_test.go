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

// Item 4: the blanks a letter leaves are named in the UI's language only,
// not "申请事项 Request".
func TestLetterBlanksInOneLanguage(t *testing.T) {
	for _, tc := range []struct {
		l        i18n.Lang
		want     string
		not      string
		label    string
		labelOut string
	}{
		{i18n.ZH, "申请事项", "Request", "法定代表人身份证号 Legal representative ID", "法定代表人身份证号"},
		{i18n.EN, "Request", "申请事项", "法定代表人身份证号 Legal representative ID", "Legal representative ID"},
	} {
		if got := blankLabel(tc.l, tc.label); got != tc.labelOut {
			t.Errorf("%s: %q", tc.l, got)
		}
		h := openWith(t, tc.l, fillDemo(2))
		s := h.letters()
		h.pickSite(s.picker, "ICP")
		s.selectKind(t, letter.KindSituation)
		if !strings.Contains(s.missing.Text, tc.want) || strings.Contains(s.missing.Text, tc.not) {
			t.Errorf("%s blanks: %q", tc.l, s.missing.Text)
		}
	}
	if got := blankLabel(i18n.ZH, "Seal here"); got != "Seal here" {
		t.Errorf("an English-only label became %q", got)
	}
}
