package ledger

import (
	"reflect"
	"strings"
	"time"
)

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

// ConflictKeeper is a Writer that can keep a conflict the way a merge of
// two saves does: after Rebase, a field in both (changed in the form and,
// differently, by another writer) has the form's value in the record, and
// the other writer's value is kept beside it until someone resolves it —
// instead of vanishing. column is the stored name (FieldColumn); otherBy
// and otherAt say who saved the other value and when.
type ConflictKeeper interface {
	KeepConflict(kind, id, column, kept, other, otherBy string, otherAt time.Time) error
}

// KeepConflicts keeps, through w when it is a ConflictKeeper, the other
// writer's value of every text field named in both (Rebase's second
// result): mine is the record as saved, theirs the record as the other
// writer left it. Fields that are not text are left out.
func KeepConflicts[T any](w Writer, kind, id string, mine, theirs T, both []string) error {
	ck, ok := w.(ConflictKeeper)
	if !ok || len(both) == 0 {
		return nil
	}
	m, t := reflect.ValueOf(&mine).Elem(), reflect.ValueOf(&theirs).Elem()
	if m.Kind() != reflect.Struct {
		return nil
	}
	var meta Meta
	if f := t.FieldByName("Meta"); f.IsValid() && f.Type() == reflect.TypeOf(Meta{}) {
		meta = f.Interface().(Meta)
	}
	for _, name := range both {
		sf, ok := m.Type().FieldByName(name)
		if !ok || sf.Type.Kind() != reflect.String {
			continue
		}
		col := FieldColumn[T](name)
		if col == "" {
			continue
		}
		if err := ck.KeepConflict(kind, id, col, m.FieldByName(name).String(), t.FieldByName(name).String(), meta.UpdatedBy, meta.UpdatedAt); err != nil {
			return err
		}
	}
	return nil
}

// FieldColumn is the stored name of T's field name: its JSON name ("" if
// it has none).
func FieldColumn[T any](name string) string {
	var zero T
	sf, ok := reflect.TypeOf(zero).FieldByName(name)
	if !ok {
		return ""
	}
	tag, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
	if tag == "-" {
		return ""
	}
	return tag
}
