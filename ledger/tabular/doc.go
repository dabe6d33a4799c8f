// Package tabular imports and exports the 台账 spreadsheet — the filing
// ledger kept as one row per site — as CSV, XLSX or JSON, and imports the
// CSV exports of password managers as credentials.
//
// # Sections
//
// Reading: [ReadFile] takes the bytes of a file and chooses by content: a
// zip is an XLSX workbook (read with excelize), anything else CSV text in
// UTF-8 (with or without BOM), UTF-16 with BOM or GB18030. The header row
// is looked for in the first ten rows; headers are matched in Chinese or
// English ignoring spaces, full-width forms and case (see [Columns]).
// Unknown columns are kept: their "header: value" lines go to the site's
// notes. The result is a [Sheet]: rows keyed by column id, and the
// problems met while reading (duplicate headers, formulas without a
// cached value, over-long cells). A file with no header row, without the
// 网站备案号 or 网站名称 column, with more than 100,000 data rows, or that
// is not a spreadsheet at all is refused with an error wrapping
// [ErrRefused].
//
// Planning: [Plan] validates every row and works out what an import would
// write against the ledger as it stands — which entities, sites,
// credentials, contacts, providers and status checks are new and which
// are updated — without writing anything. Impossible dates and rotation
// periods outside 1–24 months are errors; identifiers that fail their
// checksums are warnings, and their values are kept exactly as typed.
// The [ImportPlan] is the preview a user confirms.
//
// Applying: [ImportPlan.Apply] writes the plan through a ledger.Writer.
// It refuses a plan with any error, so an import is all-or-nothing when
// the caller runs Apply inside one Store.Write: either every row lands or
// the transaction rolls back. Passwords are held in the plan as bytes and
// wiped after Apply (or by [ImportPlan.Wipe]).
//
// Exporting: [Export] writes CSV (UTF-8 with BOM), XLSX (dates as real
// dates in the [XLSXDateFormat] number format) or JSON ([JSONExport]).
// A site with several credentials takes several rows with the same
// 网站备案号; import merges them back into one site. Passwords are exported
// only on request, and the 密码 column is absent otherwise.
//
// Password managers: [ReadPasswordManagerCSV] reads the CSV exports of
// KeePassXC, Bitwarden, 1Password and LastPass into [Login] values, and
// [PlanLogins] plans one credential per login, guessing its system from
// the URL and linking it to the site whose domain matches.
//
// # Round trips
//
// An export imported into an empty ledger gives back every site field
// (except the derived 最近核查日期, which becomes a status check), the
// entity fields the columns carry, each credential (system, login, URL,
// last rotation, rotation period, notes and password) and the contacts
// shown on the rows (主体负责人, 网站负责人, 备用联系人 with mobile and
// e-mail). Importing the same export into the ledger it came from
// changes nothing.
package tabular
