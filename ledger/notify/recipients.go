package notify

import (
	"slices"
	"strings"

	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// ContactRoles are the roles an e-mail channel can address from the
// ledger's contacts (Config.ToRoles), besides its fixed To addresses.
var ContactRoles = []string{ledger.RoleSiteOwner, ledger.RoleEntityOwner, ledger.RoleBackup, ledger.RoleAdministrator}

// Group is the entries that go to the same recipients.
type Group struct {
	To      []string
	Entries []Entry
}

// GroupByRecipients splits the entries of an e-mail channel by who gets
// them: the channel's To addresses, plus, for each item, the e-mail of
// every current contact in one of c.ToRoles who answers for the item: a
// contact tied to sites for those sites' items, one tied to an entity
// only for that entity's items, one tied to neither (a company
// administrator) for every item. in.Contacts must be full records (the
// e-mail addresses included). Groups keep the entries' order and
// come in the order of their first entry.
func GroupByRecipients(c Config, entries []Entry, in *remind.Input) []Group {
	if len(c.ToRoles) == 0 {
		return []Group{{To: c.To, Entries: entries}}
	}
	roles := map[string]bool{}
	for _, r := range c.ToRoles {
		roles[r] = true
	}
	siteEntity := make(map[string]string, len(in.Sites))
	for i := range in.Sites {
		siteEntity[in.Sites[i].ID] = in.Sites[i].EntityID
	}
	type person struct {
		email    string
		sites    map[string]bool
		entity   string
		everyone bool
	}
	var people []person
	for i := range in.Contacts {
		ct := &in.Contacts[i]
		email := strings.TrimSpace(ct.Email)
		if ct.Deleted || !ct.End.IsZero() || email == "" || !roles[ct.Role] {
			continue
		}
		p := person{email: email, entity: ct.EntityID, sites: map[string]bool{}}
		for _, s := range ct.SiteIDs {
			p.sites[s] = true
		}
		p.everyone = len(p.sites) == 0 && p.entity == ""
		people = append(people, p)
	}
	index := map[string]int{}
	var groups []Group
	for _, e := range entries {
		to := slices.Clone(c.To)
		entity := e.Item.EntityID
		if entity == "" {
			entity = siteEntity[e.Item.SiteID]
		}
		for _, p := range people {
			var match bool
			switch {
			case p.everyone:
				match = true
			case len(p.sites) > 0: // answers for these sites only
				match = e.Item.SiteID != "" && p.sites[e.Item.SiteID]
			default: // answers for the whole entity
				match = entity != "" && p.entity == entity
			}
			if match {
				to = append(to, p.email)
			}
		}
		slices.Sort(to)
		to = slices.CompactFunc(to, strings.EqualFold)
		if len(to) == 0 {
			continue // nobody to tell: stays pending until someone is
		}
		k := strings.Join(to, "\x00")
		gi, ok := index[k]
		if !ok {
			gi = len(groups)
			index[k] = gi
			groups = append(groups, Group{To: to})
		}
		groups[gi].Entries = append(groups[gi].Entries, e)
	}
	return groups
}
