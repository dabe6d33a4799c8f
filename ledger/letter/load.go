package letter

import (
	"errors"

	"beianledger/ledger"
)

// Load fills Data for the site a letter is about: its entity, all of that
// entity's sites, the contacts who answer for them and the provider. It is
// the one place front ends gather letter data, so the GUI and `beianledger
// letter` print the same letter. Missing records are no error: their
// fields become gaps.
func Load(st ledger.Reader, site string, date ledger.Date) (Data, error) {
	d := Data{Date: date}
	s, err := st.FindSite(site)
	if err != nil {
		return d, err
	}
	d.Site = s
	if e, err := st.Entity(s.EntityID); err == nil {
		d.Entity = e
	} else if !errors.Is(err, ledger.ErrNotFound) {
		return d, err
	}
	if p, err := st.Provider(s.ProviderID); err == nil {
		d.Provider = p
	} else if !errors.Is(err, ledger.ErrNotFound) {
		return d, err
	}
	all, err := st.Sites()
	if err != nil {
		return d, err
	}
	for _, o := range all {
		if o.ID == s.ID || (s.EntityID != "" && o.EntityID == s.EntityID) {
			d.Sites = append(d.Sites, o)
		}
	}
	creds, err := st.SiteCredentials(s.ID)
	if err != nil {
		return d, err
	}
	for _, c := range creds {
		if c.System == ledger.SystemProvider && c.Login != "" {
			d.ProviderAccount = c.Login
			break
		}
	}
	contacts, err := st.Contacts()
	if err != nil {
		return d, err
	}
	for _, c := range contacts {
		if !c.End.IsZero() {
			continue // people who left are not whom a letter names
		}
		linked := s.EntityID != "" && c.EntityID == s.EntityID
		for _, id := range c.SiteIDs {
			linked = linked || id == s.ID
		}
		if linked {
			d.Contacts = append(d.Contacts, c)
		}
	}
	return d, nil
}
