package tabular

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"testing"

	"beianledger/ledger"
)

// TestEveryProblemHasACode reads the planner's source: every format given
// to pl.warn / pl.fail, and every message given to setLabel, has a code in
// problemCodes, so a user interface can word each problem in its own
// language. (Problems built as literals set Code themselves; the GUI's test
// walks them in Chinese.)
func TestEveryProblemHasACode(t *testing.T) {
	fset := token.NewFileSet()
	n := 0
	for _, name := range []string{"plan.go", "pwmanager.go"} {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			var formats []ast.Expr
			switch sel.Sel.Name {
			case "warn", "fail":
				if len(call.Args) > 2 {
					formats = append(formats, call.Args[2])
				}
			case "setLabel":
				formats = append(formats, call.Args[5:]...)
			}
			for _, a := range formats {
				lit, ok := a.(*ast.BasicLit)
				if !ok {
					continue // a parameter passed through (setLabel's own)
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				n++
				if problemCodes[s] == "" {
					t.Errorf("%s: %q has no code in problemCodes", fset.Position(lit.Pos()), s)
				}
			}
			return true
		})
	}
	if n < 25 {
		t.Fatalf("found only %d formats; is the source read?", n)
	}
}

// A messy sheet: every problem carries a code.
func TestProblemsCarryCodes(t *testing.T) {
	csv := "网站备案号,网站名称,主体名称,统一社会信用代码,首次备案日期,手机号,网站类型,轮换周期(月)\n" +
		"京ICP备11018762号-1,官网,示例公司,91110105MA01XK3P60,2024-02-30,1380013800,博客,99\n" +
		"京ICP备11018762号-1,官网二,示例公司,abc,45000,13800138000,网站,3\n"
	s, err := ReadFile("x.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	pl, err := Plan(s, nil, ledger.Date{Y: 2026, M: 12, D: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.Problems) < 4 {
		t.Fatalf("only %d problems: %v", len(pl.Problems), pl.Problems)
	}
	for _, p := range append(s.Problems, pl.Problems...) {
		if p.Code == "" {
			t.Errorf("no code: %s", p)
		}
	}
}
