// Package letter writes the letters of Beian Ledger — authorisations,
// statements to a 通信管理局, materials checklists and the emergency kit —
// as PDF and DOCX, and holds the recovery guide.
//
// # Sections
//
// Templates. Five built-in kinds ([Kinds]): recovery-authorisation
// (备案账号找回授权书, the former 密码找回授权书: since MIIT abolished the
// filing password on 17 Aug 2020 it authorises recovering the provider
// console account and handling the 12381 SMS check and filing changes),
// agent-authorisation (授权委托书), situation-statement (情况说明, addressed to
// the filing province's 通信管理局), materials-checklist (per recovery
// scenario) and emergency-kit (vault location, where the recovery key is
// kept, contacts, provider hotline and console, what to bring). [Builtin]
// returns a built-in's source for the user to copy; [Parse] reads the
// user's copy.
//
// Template syntax. A template is text/template over [Data] (its fields and
// methods such as .EntityName, .EntityFiling, .Admin, .SiteList,
// .ContactPerson, .Hotline) with these functions:
//
//	blank                 {{blank}} a gap to fill by hand; {{blank 12}} 12 em wide;
//	                      {{blank "主体名称 Entity name" .EntityName}} the value,
//	                      or a gap listed in Missing under that label
//	date                  {{date .Until}} → 2026年1月5日
//	join                  {{join .Site.Domains "、"}}
//	text                  {{text .Facts}} a value kept literal (no markup)
//	note                  {{note .AddresseeNote}} adds a note to Missing, prints nothing
//	inc, matters, role, scenario, guide, kindTitle   helpers of the built-ins
//
// Its output is read line by line: "# " starts the title, "## " a section
// heading, "| a | b |" rows form a table, ">>" lines form the signature
// block on the right (a bare ">>" leaves room for a seal), a blank line
// starts a new paragraph and any other line is a line of text. A line
// that starts with a list label ("1. ", "2、", "（一）", "(3)", "①", "• ",
// "□ ") is a list item: it wraps with a hanging indent, its continuation
// lines under the text, and the items of one list share a text column.
// Values put in by blank, text and join are never read as markup. The
// built-ins are written in this syntax.
//
// Addressee. A letter to the provider is addressed (致：) to the company
// that provides the access, not to its brand: Data.ProviderLegalName if the
// user gave one, else the legal name of a known provider
// ([ledger.KnownProvider].LegalName, each with its source), else the name
// as entered, with a note in Missing to check it ([Data.Addressee],
// [Data.AddresseeNote]).
//
// Authorisations. The 委托事项 are Data.Matters (one per item; empty: the
// kind's [DefaultMatters]; [ParseMatters] reads them typed one per line),
// the 委托期限 Data.From and Data.Until (by default from the letter date
// until the matters are done). A term ending before it starts is refused
// ([ErrTermOrder]).
//
// Rendering. [RenderPDF] and [RenderDOCX] (and the same methods of
// [Template]) build one document model and lay it out twice. PDF: A4, 25 mm
// margins, the embedded WenQuanYi Micro Hei subset by gopdf, title 18 pt,
// body 12 pt, line height 1.6, Chinese line breaking (no 。，、；：？！）」』 at
// a line start, no （「『 at a line end, filing numbers kept whole), page
// numbers "第 N 页 共 M 页". A character the font lacks prints as □ and is
// reported in Missing as "字体缺字: X". DOCX: a plain WordprocessingML
// package (A4, 25 mm margins, body 12 pt 宋体 and headings 黑体 declared
// for East Asian text, real bordered tables, page-number footer) that
// Word, WPS and LibreOffice open. Its line heights are the PDF's, exact,
// so it breaks pages where the PDF does; headings are kept with what
// follows, the signature block is one paragraph kept together, and the
// paragraph before it is kept with it (w:keepNext, w:keepLines). The PDF
// does the same: no page holds only the signature block or ends with a
// heading, checked for both formats by rendering the DOCX with LibreOffice. Both return
// Missing: the labels of the blanks left to fill, in Chinese and English,
// and the characters the bundled font lacks. [PreviewText] writes the same
// document as plain text for a preview on screen.
//
// User templates. [StoreTemplate] keeps the user's copy of a kind in the
// vault (setting "letter.template.KIND") after parsing it and trying it on
// an empty letter; [TemplateFor] returns that copy, else the built-in, and
// [ResetTemplate] goes back to the built-in. Template errors are [*Error]
// with the line. [Template.Uses] tells which inputs a template reads.
//
// Recovery guide. [Guide] lists the scenarios, from "is the responsible
// person's phone reachable?" through a rename (变更备案, the number is kept)
// versus a transfer to a new entity (a new filing, the site offline in
// between), a new provider, withdrawn access, cancellation, a move to
// another province, to legacy pre-2020 password records; each has steps in
// Chinese and English marked [Rule], [Provider] (one provider's process,
// named) or [Practice], a checklist and the letters it needs. The printed
// materials checklist labels each step the same way.
package letter
