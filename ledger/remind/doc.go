// Package remind works out what a filing ledger (备案台账) owes and when:
// quarterly status checks, password rotations, filing changes after a
// responsible person leaves, 公安备案, ICP licence reports and renewals,
// domain and SSL expiries and provincial annual reviews. It also writes
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
// All dates are Beijing calendar dates.
//
//   - status-check: every site that is not cancelled, each calendar
//     quarter (Start = first day, Due = last day). A check logged on any day
//     of the quarter, the site's LastChecked date or its FirstFiled date
//     (a new filing is a known state) counts. Only the most recent missed
//     quarter is reported as overdue, never quarters before the site was
//     filed (or added), and a late check logged after that quarter clears
//     it. Checks dated after today are not counted.
//   - rotation: LastRotated plus RotationMonths (outside 1–24 → 3, said in
//     Why); never rotated → due today. RotateNow gives an
//     "offboarding-rotation" due today instead. Credentials of the legacy
//     MIIT filing system (abolished in 2020) are not rotated.
//   - contact-change: a contact who left (End set) and is still linked to a
//     live site or, for a 主体负责人, to the entity: Start = End − 30 days
//     (changes are filed 30 days ahead), Due = End + 30 days. Account
//     managers are not named in filings and are skipped.
//   - psb-filing: a site with no 公安备案号: Due = 30 days after WentLive
//     (or FirstFiled when the go-live date is unknown).
//   - licence-report: every entity with an ICP licence, each year from
//     10 January to 31 March.
//   - licence-renewal: LicenceExpiry − 90 days to LicenceExpiry (one item
//     per licence number and expiry).
//   - domain-expiry, ssl-expiry: Start = expiry − the longest lead in
//     [Lead.ExpiryDays], Due = expiry; the 60/30/7-day reminders are one
//     item whose Subject counts the days left.
//   - provincial-review: a user-defined yearly window per province
//     ([ProvincialReview]), matched against the site's province, its ICP
//     number prefix (鄂ICP备…) or its entity's province.
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
