// Package ledger is the domain of Beian Ledger: the records of a filing
// ledger (备案台账) and the rules that keep them.
//
// # Records
//
// Entity (主体), Site (网站/APP/小程序, one filing number each), Credential
// (an account on a provider console, the 公安 system, a registrar …),
// Contact (responsible people and backup contacts), Provider (接入商) and
// StatusCheck (the quarterly check). Credentials, sites, entities and
// contacts can carry Attachments (licence scans, stamped letters). Every record has a UUID, created and
// updated times, who updated it and a tombstone for deletes, so that two
// copies of a vault can later be merged record by record.
//
// # Layers
//
// This package imports neither the GUI toolkit nor database/sql. It talks to
// storage through the Store interface, which vault/ implements with SQL.
// Secret values (passwords, ID numbers) are sealed by the store and opened
// only on request.
package ledger

import (
	"errors"
	"strings"
	"time"
)

// ErrNotFound means no live record has the given id or number.
var ErrNotFound = errors.New("not found")

// Meta is common to every record.
type Meta struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
	Deleted   bool      `json:"deleted,omitempty"`
}

// Entity kinds.
const (
	EntityCompany     = "company"     // 企业
	EntitySoleTrader  = "sole-trader" // 个体工商户
	EntityInstitution = "institution" // 事业单位
	EntityIndividual  = "individual"  // 个人
	EntityOther       = "other"
)

// Entity is a filing subject (主体).
type Entity struct {
	Meta
	Name         string `json:"name"`
	Kind         string `json:"kind"`
	USCC         string `json:"uscc"` // or legacy 注册号, or ID for individuals
	LegalRep     string `json:"legal_rep"`
	Address      string `json:"address"`
	Province     string `json:"province"`      // common short name, e.g. 京
	FilingNumber string `json:"filing_number"` // 主体备案号
	ICPLicence   string `json:"icp_licence"`   // ICP证 / B2 number if any
	Notes        string `json:"notes"`
}

// Site kinds.
const (
	SiteWebsite     = "website"
	SiteApp         = "app"
	SiteMiniProgram = "mini-program"
)

// Site statuses.
const (
	StatusNormal        = "normal"
	StatusPendingChange = "pending-change"
	StatusShellRisk     = "shell-risk" // 空壳 risk
	StatusCancelled     = "cancelled"
)

// Site is one filed website, app or mini-program (one filing number).
type Site struct {
	Meta
	EntityID      string   `json:"entity_id"`
	Number        string   `json:"number"` // 网站备案号, e.g. 京ICP备11018762号-1
	Name          string   `json:"name"`
	Domains       []string `json:"domains"`
	Kind          string   `json:"kind"`
	ProviderID    string   `json:"provider_id"`
	Province      string   `json:"province"`
	FirstFiled    Date     `json:"first_filed"`
	LastChanged   Date     `json:"last_changed"`
	WentLive      Date     `json:"went_live"`
	Status        string   `json:"status"`
	PSBNumber     string   `json:"psb_number"`
	PSBDate       Date     `json:"psb_date"`
	Licence       string   `json:"licence"`
	LicenceExpiry Date     `json:"licence_expiry"`
	DomainExpiry  Date     `json:"domain_expiry"`
	SSLExpiry     Date     `json:"ssl_expiry"`
	// ProductExpiry is when the 接入商 product that carries the site's
	// access (server, CDN, lightweight host) expires: when it lapses the
	// provider withdraws access and the filing is cancelled as 空壳.
	ProductExpiry Date   `json:"product_expiry"`
	LastChecked   Date   `json:"last_checked"` // derived from status checks
	Notes         string `json:"notes"`
}

// Credential systems.
const (
	SystemMIITLegacy = "miit-legacy" // the filing password abolished in Aug 2020
	SystemProvider   = "provider-console"
	SystemPSB        = "psb"
	SystemLicence    = "icp-licence"
	SystemRegistrar  = "registrar"
	SystemDNS        = "dns"
	SystemSSL        = "ssl"
	SystemOther      = "other"
)

// Credential is an account that keeps a filing alive. Its secret is never
// in this struct: the store seals it and opens it on request.
type Credential struct {
	Meta
	System         string `json:"system"`
	SiteID         string `json:"site_id"`
	EntityID       string `json:"entity_id"`
	ProviderID     string `json:"provider_id"`
	URL            string `json:"url"`
	Login          string `json:"login"`
	HasSecret      bool   `json:"has_secret"`
	LastRotated    Date   `json:"last_rotated"`
	RotationMonths int    `json:"rotation_months"`
	RotateNow      bool   `json:"rotate_now"` // set when someone who could read it was removed
	Notes          string `json:"notes"`
}

// Contact roles.
const (
	RoleEntityOwner    = "entity-owner" // 主体负责人
	RoleSiteOwner      = "site-owner"   // 网站负责人
	RoleAdministrator  = "administrator"
	RoleBackup         = "backup" // designated backup contact
	RoleAccountManager = "account-manager"
)

// Contact is a person the filings depend on.
type Contact struct {
	Meta
	Name        string `json:"name"`
	Role        string `json:"role"`
	Mobile      string `json:"mobile"`
	Email       string `json:"email"`
	IDType      string `json:"id_type"`
	HasIDNumber bool   `json:"has_id_number"`
	Employer    string `json:"employer"`
	Position    string `json:"position"`
	Start       Date   `json:"start"`
	End         Date   `json:"end"` // left: stays in history
	// IDExpiry is when the contact's ID card expires (证件有效期至): a
	// responsible person's expired ID requires updating the filing.
	IDExpiry Date     `json:"id_expiry"`
	EntityID string   `json:"entity_id"`
	SiteIDs  []string `json:"site_ids"`
	Notes    string   `json:"notes"`
}

// Provider is an access provider (接入商).
type Provider struct {
	Meta
	Name           string   `json:"name"`
	Aliases        []string `json:"aliases"`
	ConsoleURL     string   `json:"console_url"`
	Hotline        string   `json:"hotline"`
	AccountManager string   `json:"account_manager"`
	Materials      string   `json:"materials"`
	Notes          string   `json:"notes"`
}

// Check results.
const (
	CheckNormal  = "normal"
	CheckProblem = "problem"
	CheckAction  = "action-taken"
)

// StatusCheck logs one status check of a site.
type StatusCheck struct {
	Meta
	SiteID string `json:"site_id"`
	Date   Date   `json:"date"`
	Who    string `json:"who"`
	Result string `json:"result"`
	Note   string `json:"note"`
}

// SiteRow is a site joined with what a list shows of its entity and
// provider.
type SiteRow struct {
	Site
	EntityName   string `json:"entity_name"`
	ProviderName string `json:"provider_name"`
}

// ReminderState records that a reminder was snoozed or done.
type ReminderState struct {
	Key          string `json:"key"`
	SnoozedUntil Date   `json:"snoozed_until"`
	Done         bool   `json:"done"`
	DoneOn       Date   `json:"done_on"`
}

// Store is what the ledger needs of storage. vault/ implements it with
// SQL; every write is committed and saved before it returns.
type Store interface {
	Reader
	// Write runs f in one transaction and saves the vault if it commits.
	Write(f func(w Writer) error) error
	// Read runs f with a reader that keeps its statements prepared and the
	// secret key open for the whole call: for bulk reads such as an export
	// that reveals thousands of secrets.
	Read(f func(r Reader) error) error
}

// Reader reads live (not deleted) records.
type Reader interface {
	Entities() ([]Entity, error)
	Entity(id string) (Entity, error)
	Sites() ([]SiteRow, error)
	Site(id string) (SiteRow, error)
	// FindSite resolves a filing number (any spelling) or a domain.
	FindSite(numberOrDomain string) (SiteRow, error)
	Credentials() ([]Credential, error)
	Credential(id string) (Credential, error)
	// SiteCredentials lists a site's credentials and its entity's
	// credentials that belong to no site.
	SiteCredentials(siteID string) ([]Credential, error)
	// SiteContacts lists the contacts who answer for a site.
	SiteContacts(siteID string) ([]Contact, error)
	Contacts() ([]Contact, error)
	Contact(id string) (Contact, error)
	Providers() ([]Provider, error)
	Provider(id string) (Provider, error)
	Checks(siteID string) ([]StatusCheck, error)
	// Search finds sites by name, number, domain, entity, contact,
	// provider or notes.
	Search(query string, limit int) ([]SiteRow, error)
	// Reveal opens a sealed secret: kind is "credential" or "contact-id".
	// The caller wipes the result.
	Reveal(kind, id string) ([]byte, error)
	// SecretHistory lists a credential's earlier secrets, newest first;
	// the caller wipes each.
	SecretHistory(credentialID string) ([]HistoricSecret, error)
	// ReminderStates lists snoozed and done reminders.
	ReminderStates() ([]ReminderState, error)
	// Setting reads a setting ("" if unset).
	Setting(key string) (string, error)
	// Attachments lists the live attachments of a record (ownerKind is one
	// of AttachmentOwners), newest first: metadata only.
	Attachments(ownerKind, ownerID string) ([]Attachment, error)
	// OpenAttachment opens an attachment's sealed content. The caller
	// wipes the result.
	OpenAttachment(id string) ([]byte, error)
}

// HistoricSecret is one earlier password of a credential.
type HistoricSecret struct {
	Until  time.Time
	Secret []byte
}

// Writer changes records inside a transaction. Put* insert or update by
// ID; the store stamps CreatedAt/UpdatedAt/UpdatedBy and writes the audit
// line.
type Writer interface {
	Reader
	PutEntity(e *Entity) error
	PutSite(s *Site) error
	PutCredential(c *Credential) error
	PutContact(c *Contact) error
	PutProvider(p *Provider) error
	PutCheck(c *StatusCheck) error
	// SetSecret seals a new secret for a credential ("credential") or an
	// ID number for a contact ("contact-id"); a credential's previous
	// secret moves to its history.
	SetSecret(kind, id string, secret []byte) error
	// PutAttachment seals data as the content of a new (or replaced)
	// attachment of a live record; see Attachment.Prepare for the checks.
	PutAttachment(a *Attachment, data []byte) error
	// Delete leaves a tombstone. Kind is a record kind or "attachment";
	// deleting a record deletes its attachments too.
	Delete(kind, id string) error
	Audit(action, record, summary string) error
	PutReminderState(s ReminderState) error
	PutSetting(key, value string) error
}

// Fold is the form text is matched in by filters and searches: full-width
// letters and digits made half-width, lower case.
func Fold(s string) string { return strings.ToLower(toHalfWidth(s)) }

// NormalizeDomain lower-cases and strips a scheme, path and trailing dot.
func NormalizeDomain(s string) string {
	s = strings.ToLower(strings.TrimSpace(toHalfWidth(s)))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSuffix(s, ".")
}

// SplitDomains splits a cell of domains separated by , ; 、 or newlines.
func SplitDomains(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '、' || r == '\n' || r == '\r' || r == '，' || r == '；' || r == ' '
	})
	out := make([]string, 0, len(f))
	for _, d := range f {
		if d = NormalizeDomain(d); d != "" {
			out = append(out, d)
		}
	}
	return out
}
