package i18n

import (
	"strings"

	"beianledger/ledger/ident"
)

// IdentProblem renders problem i of r in l: the kind's own message
// ("ident.mobile.format": 手机号应为 11 位、以 1 开头), else the code's, with
// the problem's arguments; else the library's English.
func IdentProblem(l Lang, r ident.Result, i int) string {
	var args []any
	if i < len(r.Args) {
		for _, a := range r.Args[i] {
			args = append(args, a)
		}
	}
	if i < len(r.Codes) {
		for _, k := range []string{"ident." + string(r.Kind) + "." + r.Codes[i], "ident." + r.Codes[i]} {
			if Has(k) {
				if strings.Contains(T(l, k), "%[") && len(args) > 0 {
					return T(l, k, args...)
				}
				return T(l, k)
			}
		}
	}
	return r.Problems[i]
}

// IdentKind names kind k in l ("统一社会信用代码").
func IdentKind(l Lang, k ident.Kind) string {
	if key := "ident.kindName." + string(k); Has(key) {
		return T(l, key)
	}
	return string(k)
}
