package gui

import (
	"beianledger/ledger"
)

func newAccessScreen(u *ui) *tableScreen {
	v := u.v
	return newTableScreen(u, "nav.access", "access.note",
		[]string{"access.type", "access.label", "access.created", "access.inUse"},
		[]float32{140, 220, 180, 90},
		func(ledger.Store) ([][]string, error) {
			var rows [][]string
			for _, s := range v.Slots() {
				in := ""
				if s.InUse {
					in = u.t("access.thisSession")
				}
				rows = append(rows, []string{u.enum("way.", s.Type), s.Label, u.dateTime(s.Created.Local()), in})
			}
			return rows, nil
		})
}
