package i18n

import (
	"strings"
	"time"

	"beianledger/vault"
)

// DescribeChange renders what the known-vaults memory found (a rollback,
// ways in added or removed, an unsigned file) in language l, one line per
// finding, for the CLI's message and the GUI's question alike.
func DescribeChange(l Lang, ce *vault.ChangeError) []string {
	stamp := func(t time.Time) string { return t.Local().Format("2006-01-02 15:04") }
	way := func(typ string) string { return T(l, "access.way."+typ) }
	var out []string
	if ce.SeenAt.IsZero() {
		out = append(out, T(l, "change.introFirst"))
	} else {
		out = append(out, T(l, "change.intro", stamp(ce.SeenAt)))
	}
	if ce.Rollback {
		out = append(out, T(l, "change.rollback", ce.FileGeneration, stamp(ce.FileSavedAt), ce.KnownGeneration, stamp(ce.KnownSavedAt)))
	}
	switch {
	case ce.Downgrade:
		out = append(out, T(l, "change.downgrade"))
	case ce.Unsigned:
		out = append(out, T(l, "change.unsigned"))
	}
	for _, s := range ce.Added {
		out = append(out, T(l, "change.added", way(s.Type), s.Label, stamp(s.Created)))
	}
	for _, s := range ce.Rekeyed {
		out = append(out, T(l, "change.rekeyed", way(s.Type), s.Label))
	}
	for _, s := range ce.Removed {
		out = append(out, T(l, "change.removed", way(s.Type), s.Label))
	}
	if ce.SavedBy != "" {
		out = append(out, T(l, "change.savedBy", ce.SavedBy, stamp(ce.FileSavedAt)))
	} else {
		out = append(out, T(l, "change.savedUnsigned", stamp(ce.FileSavedAt)))
	}
	return out
}

// AcceptFlags names the CLI flags that accept what ce reports.
func AcceptFlags(ce *vault.ChangeError) string {
	var f []string
	if ce.Rollback {
		f = append(f, "--accept-rollback")
	}
	if ce.SlotsChanged() {
		f = append(f, "--accept-changes")
	}
	return strings.Join(f, " ")
}
