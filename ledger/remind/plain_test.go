package remind

import (
	"reflect"
	"testing"

	"beianledger/ledger"
)

// TestPlainCheckersCoverEveryField: each record checker finds a quote in
// any string field of its type, so a field added to a record (which a rule
// might one day put into item text) cannot slip past it.
func TestPlainCheckersCoverEveryField(t *testing.T) {
	checks := []struct {
		rec   any
		plain func(v reflect.Value) bool
	}{
		{ledger.Entity{}, func(v reflect.Value) bool { return plainEntities([]ledger.Entity{v.Interface().(ledger.Entity)}) }},
		{ledger.SiteRow{}, func(v reflect.Value) bool { return plainSites([]ledger.SiteRow{v.Interface().(ledger.SiteRow)}) }},
		{ledger.Credential{}, func(v reflect.Value) bool {
			return plainCredentials([]ledger.Credential{v.Interface().(ledger.Credential)})
		}},
		{ledger.Contact{}, func(v reflect.Value) bool { return plainContacts([]ledger.Contact{v.Interface().(ledger.Contact)}) }},
		{ProvincialReview{}, func(v reflect.Value) bool { return plainReviews([]ProvincialReview{v.Interface().(ProvincialReview)}) }},
	}
	for _, c := range checks {
		typ := reflect.TypeOf(c.rec)
		if !c.plain(reflect.New(typ).Elem()) {
			t.Fatalf("%s: an empty record is not plain", typ)
		}
		fields := 0
		var walk func(path []int, ft reflect.Type)
		walk = func(path []int, ft reflect.Type) {
			for i := range ft.NumField() {
				f := ft.Field(i)
				p := append(append([]int(nil), path...), i)
				switch {
				case f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeOf(ledger.Date{}):
					walk(p, f.Type)
				case f.Type.Kind() == reflect.String, f.Type == reflect.TypeOf([]string{}):
					fields++
					v := reflect.New(typ).Elem()
					fv := v.FieldByIndex(p)
					if fv.Kind() == reflect.String {
						fv.SetString(`say "hi"`)
					} else {
						fv.Set(reflect.ValueOf([]string{"a", "b\x01"}))
					}
					if c.plain(v) {
						t.Errorf("%s.%s holds a quote or control character, and its checker calls it plain", typ, f.Name)
					}
				}
			}
		}
		walk(nil, typ)
		if fields == 0 {
			t.Fatalf("%s: no string fields found", typ)
		}
	}
}
