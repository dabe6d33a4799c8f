package ledger

import "reflect"

// Rebase brings a record edited in a form up to date with the record as it
// is now (cur), after another writer's save was taken in while the form was
// open: every field the form left as it was loaded (orig) takes cur's
// value, every field the user changed keeps the user's. Meta (id, times,
// who) is cur's. Without it, saving the form would write back the values
// the form was opened with over the other writer's changes.
//
// both names the fields changed in the form and, differently, by the other
// writer: the form's value is kept there.
func Rebase[T any](orig, edited, cur T) (out T, both []string) {
	o, e, c := reflect.ValueOf(&orig).Elem(), reflect.ValueOf(&edited).Elem(), reflect.ValueOf(&cur).Elem()
	res := reflect.ValueOf(&out).Elem()
	res.Set(e)
	if o.Kind() != reflect.Struct {
		return out, nil
	}
	t := o.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Anonymous && f.Type == reflect.TypeOf(Meta{}) {
			res.Field(i).Set(c.Field(i))
			continue
		}
		userChanged := !reflect.DeepEqual(o.Field(i).Interface(), e.Field(i).Interface())
		otherChanged := !reflect.DeepEqual(o.Field(i).Interface(), c.Field(i).Interface())
		switch {
		case !userChanged:
			res.Field(i).Set(c.Field(i))
		case otherChanged && !reflect.DeepEqual(e.Field(i).Interface(), c.Field(i).Interface()):
			both = append(both, f.Name)
		}
	}
	return out, both
}
