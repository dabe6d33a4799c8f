package gui

import (
	"fyne.io/fyne/v2/widget"
)

// The 受托人 of an authorisation letter can be picked from the contacts:
// name, mobile, employer, position and (opened from its seal) the ID
// number are filled in, and stay editable.

// newAgentPick is the picker; its choices come with loadAgentContacts.
func (s *lettersScreen) newAgentPick() *widget.Select {
	sel := widget.NewSelect(nil, nil)
	sel.PlaceHolder = s.u.t("letters.agentPickHint")
	sel.OnChanged = func(string) { s.pickAgent(sel.SelectedIndex()) }
	return sel
}

// loadAgentContacts reads the contacts (those who have not left) off
// Fyne's goroutine into the picker.
func (s *lettersScreen) loadAgentContacts() {
	u := s.u
	st := u.store
	if st == nil || s.agentPick == nil {
		return
	}
	u.async(func() func() {
		cs, err := st.Contacts()
		return func() {
			if err != nil {
				return
			}
			s.agentContacts = s.agentContacts[:0]
			var names []string
			for _, c := range cs {
				if !c.End.IsZero() {
					continue
				}
				s.agentContacts = append(s.agentContacts, c)
				names = append(names, dotLine(c.Name, c.Employer, c.Mobile))
			}
			s.agentPick.SetOptions(names)
		}
	})
}

// pickAgent fills the 受托人 fields from contact i.
func (s *lettersScreen) pickAgent(i int) {
	if i < 0 || i >= len(s.agentContacts) {
		return
	}
	u := s.u
	c := s.agentContacts[i]
	s.agentName.SetText(c.Name)
	s.agentMobile.SetText(c.Mobile)
	s.agentEmployer.SetText(c.Employer)
	s.agentPosition.SetText(c.Position)
	s.agentID.SetText("")
	if !c.HasIDNumber || u.store == nil {
		return
	}
	st := u.store
	u.async(func() func() {
		id, err := st.Reveal("contact-id", c.ID)
		return func() {
			if err == nil && s.agentName.Text == c.Name {
				s.agentID.SetText(string(id))
			}
			clear(id)
		}
	})
}
