package remind

import (
	"unsafe"

	"beianledger/ledger"
)

// Writing `due --json` at 10,000 sites means checking 19 MB of item text
// for what JSON must escape, and in a sorted list every string is a cache
// miss. But item text is only ever the rules' own words (constants, all
// plain) joined with text from the records, and strings joined from plain
// strings are plain. So LoadDue checks the records instead, in the order
// they were read, on the goroutines that run the rules; when all are
// plain, every item it returns is marked so, and AppendJSON copies its
// strings as they are. The mark is a signature of the item's string
// headers (Go strings never change in place): a string field replaced
// after LoadDue no longer matches it, and that item is checked as any
// other. TestPlainMarks holds the marked items to encoding/json, and
// TestPlainCheckersCoverEveryField holds the checkers below to the record
// types.

func plainStrings(ss []string) bool {
	for _, s := range ss {
		if !plainJSON(s) {
			return false
		}
	}
	return true
}

func plainMeta(m *ledger.Meta) bool { return plainJSON(m.ID) && plainJSON(m.UpdatedBy) }

func plainEntities(es []ledger.Entity) bool {
	for i := range es {
		e := &es[i]
		if !plainMeta(&e.Meta) || !plainStrings([]string{e.Name, e.Kind, e.USCC, e.LegalRep, e.Address, e.Province,
			e.FilingNumber, e.ICPLicence, e.Notes}) {
			return false
		}
	}
	return true
}

func plainSites(ss []ledger.SiteRow) bool {
	for i := range ss {
		s := &ss[i]
		if !plainMeta(&s.Meta) || !plainStrings(s.Domains) || !plainStrings([]string{s.EntityID, s.Number, s.Name, s.Kind,
			s.ProviderID, s.Province, s.Status, s.PSBNumber, s.Licence, s.Notes, s.EntityName, s.ProviderName}) {
			return false
		}
	}
	return true
}

func plainCredentials(cs []ledger.Credential) bool {
	for i := range cs {
		c := &cs[i]
		if !plainMeta(&c.Meta) || !plainStrings([]string{c.System, c.SiteID, c.EntityID, c.ProviderID, c.URL, c.Login, c.Notes}) {
			return false
		}
	}
	return true
}

// plainRemoved checks the names of removed ways in, which the rotation
// reminders quote.
func plainRemoved(m map[string]ledger.RemovedReaders) bool {
	for _, r := range m {
		if !plainStrings(r.Labels) {
			return false
		}
	}
	return true
}

func plainContacts(cs []ledger.Contact) bool {
	for i := range cs {
		c := &cs[i]
		if !plainMeta(&c.Meta) || !plainStrings(c.SiteIDs) || !plainStrings([]string{c.Name, c.Role, c.Mobile, c.Email,
			c.IDType, c.Employer, c.Position, c.EntityID, c.Notes}) {
			return false
		}
	}
	return true
}

func plainReviews(rs []ProvincialReview) bool {
	for _, r := range rs {
		if !plainJSON(r.Province) {
			return false
		}
	}
	return true
}

// plainSiteText reports whether the text the site rules read is plain.
func plainSiteText(in *Input) bool {
	return plainEntities(in.Entities) && plainSites(in.Sites) && plainReviews(in.Reviews)
}

// markPlain marks items as holding plain text only.
func markPlain(items []Item) {
	for i := range items {
		items[i].plain = plainSig(&items[i])
	}
}

// plainSig is a signature of the item's string fields' headers, never 0.
func plainSig(it *Item) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, s := range [...]string{it.Kind, it.State, it.Site, it.Subject, it.SubjectZH, it.Why, it.WhyZH, it.Basis, it.Source, it.Key,
		it.SiteID, it.EntityID, it.CredentialID, it.ContactID} {
		h ^= uint64(uintptr(unsafe.Pointer(unsafe.StringData(s))))
		h *= 0xbf58476d1ce4e5b9
		h ^= uint64(len(s))
		h *= 0x94d049bb133111eb
		h ^= h >> 31
	}
	return h | 1
}
