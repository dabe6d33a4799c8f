package ledger

import (
	"reflect"
	"testing"
)

func TestRebaseKeepsTheOtherWritersFields(t *testing.T) {
	orig := Site{Meta: Meta{ID: "s1", UpdatedBy: "王五"}, Name: "官网", Notes: "旧", Domains: []string{"a.cn"}}
	edited := orig
	edited.Name = "公司官网" // the user's edit
	edited.Notes = "王五的备注"
	cur := orig
	cur.Meta.UpdatedBy = "张三"
	cur.Domains = []string{"a.cn", "b.cn"} // the other writer's edits
	cur.Notes = "张三的备注"
	cur.Province = "京"
	got, both := Rebase(orig, edited, cur)
	want := cur
	want.Name, want.Notes = "公司官网", "王五的备注"
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rebase:\n got %+v\nwant %+v", got, want)
	}
	if !reflect.DeepEqual(both, []string{"Notes"}) {
		t.Fatalf("changed on both sides: %v", both)
	}
	// Nothing changed elsewhere: the form's record as edited.
	if got, both := Rebase(orig, edited, orig); !reflect.DeepEqual(got, edited) || both != nil {
		t.Fatalf("rebase on an unchanged record: %+v %v", got, both)
	}
}
