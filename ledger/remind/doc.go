// Package remind works out what a filing ledger (备案台账) owes and when:
// quarterly status checks and password rotations (house policy), filing
// changes before a responsible person leaves, offboarding of others who
// leave, 公安备案 and its display, ICP licence reports and renewals,
// domain and SSL expiries and provincial review campaigns. It also writes
// these reminders as an iCalendar (ICS) file.
//
// The package is pure: it does no I/O, keeps no state and reads no clock.
// The caller passes the records, the persisted snooze/done [State] of each
// reminder and "today" (a Beijing calendar date, see [ledger.DateOf]).
//
// # Items
//
// Every reminder is an [Item] with a stable Key per obligation and
// occurrence, e.g. "status-check/<siteID>/2027Q1" or
// "rotation/<credentialID>/2027-02-25". The caller stores snoozes and
// "done" marks under that key. An item has a window: Start is when it
// becomes due, Due is the deadline. Relative to today it is "upcoming"
// (before Start), "due" (Start to Due inclusive) or "overdue" (after Due).
// Subject and SubjectZH are short English and Chinese texts; Why says in
// English why the item exists, including any problem with the input (an
// interval out of range, a date in the future, a missing date), and WhyZH
// says the same in plain Chinese with the same dates (2026年3月31日): the
// package never panics on bad records and never drops them silently.
//
// # Rules
//
// All dates are Beijing calendar dates. Every item carries a Basis — a
// regulation (法规), a provider's documented practice (接入商要求) or house
// policy (内部规定) — and a Source naming it (basis.go); the sources are
// in domain.md §6–7.
//
//   - status-check (house policy): every site that is not cancelled, each
//     calendar quarter (Start = first day, Due = last day). A check logged
//     on any day of the quarter, the site's LastChecked date or its
//     FirstFiled date (a new filing is a known state) counts. Only the most
//     recent missed quarter is reported as overdue, never quarters before
//     the site was filed (or added), and a late check logged after that
//     quarter clears it. Checks dated after today are not counted.
//   - rotation (house policy): LastRotated plus RotationMonths; a
//     credential without a usable interval uses the house default
//     Input.RotationMonths (the SettingRotation setting), else 3 months
//     (about 90 days), said in Why; never rotated → due today. RotateNow
//     gives an "offboarding-rotation" due today instead. Credentials of the
//     legacy MIIT filing system (abolished in 2020) are not rotated.
//   - contact-change (33号令 Art. 14: changes are filed 30 days ahead): a
//     主体负责人 or 网站负责人 with a leaving date (End), still linked to a
//     live site or, for a 主体负责人, to the entity: Due = End − 30 days,
//     Start = End − 365 days (so the item shows from the day a leaving date
//     is entered). There is no grace period after leaving: a past End is
//     overdue, "已离职"; a future one says "将于…离职".
//   - offboarding (house policy): an administrator, backup contact
//     (备用联系人) or contact without a role who leaves: take back their ways
//     in and change what they could read; Start = End − 30, Due = End.
//     They are not named in filings, so no filing change is asked for.
//     Account managers work for the provider and are skipped.
//   - psb-filing: a site with no 公安备案号: Due = 30 days after WentLive
//     (or FirstFiled when the go-live date is unknown). Apps and
//     mini-programs are named as such, with a note that whether the rule
//     applies to them is not verified.
//   - psb-display: a site with a 公安备案号 and its approval date PSBDate:
//     show the number and icon within 30 days (Due = PSBDate + 30); a
//     missed one stays overdue for 60 days.
//   - licence-report: every holder of an ICP licence — recorded on the
//     entity, or only on its sites, or on a site without an entity — each
//     year from 10 January to 31 March.
//   - licence-renewal: apply at least 90 days before LicenceExpiry:
//     Due = expiry − 90 days, Start = expiry − 180 days (one item per
//     licence number and expiry).
//   - domain-expiry, ssl-expiry: Start = expiry − the longest lead in
//     [Lead.ExpiryDays], Due = expiry; the 60/30/7-day reminders are one
//     item whose Subject counts the days left.
//   - provincial-review: a review campaign a province announced
//     ([ProvincialReview], with its Year), matched against the site's
//     province, its ICP number prefix (鄂ICP备…) or its entity's province.
//     Without a Year the user's window repeats yearly, and the text says
//     that no province is known to hold a yearly review.
//
// A yearly item that was missed stays overdue until the next year's window
// opens. Every other overdue item stays until the record changes (a new
// rotation date, expiry date, PSB number …) or the caller marks it done.
//
// # Queries
//
// [Due] answers "what needs doing now": everything due or overdue plus what
// starts within a horizon, minus snoozed and done items, most urgent first.
// [ItemsForCalendar] answers "what falls due in the next months",
// including future occurrences of quarterly, yearly and rotation items,
// for the calendar export.
//
// # Calendar
//
// [WriteICS] writes one all-day VEVENT per item on its Due date (the window
// and the reason, in Chinese and in English, are in the description) with
// a display alarm 7 days before and one at 09:00 on the day, and one
// recurring event per site for the quarterly status check. Lines end in CRLF and the file carries its own
// Asia/Shanghai VTIMEZONE. All-day dates are DATE values, which by RFC 5545
// take no TZID: 31 March is 31 March in every calendar.
package remind
