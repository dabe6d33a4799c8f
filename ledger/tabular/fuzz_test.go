package tabular

import (
	"testing"
)

// FuzzReadFile feeds arbitrary bytes (seeded with CSV) to ReadFile and
// plans what it reads: neither may panic, and what is read must keep its
// promises.
func FuzzReadFile(f *testing.F) {
	for _, s := range []string{
		"网站备案号,网站名称,首次备案日期\n京ICP备2023000001号-1,站点,2024-01-05\n",
		"\ufeff主体名称,网站备案号,网站名称,密码,轮换周期(月)\n\"甲,公司\",京ICP备1号-1,\"多\n行\",\" p \",3\n",
		"Site filing number;Site name;Domains\n蜀ICP备2020000001号-2A;应用;a.cn、b.cn\n",
		"网站备案号\t网站名称\t最近核查日期\t备注\t备注\n1\t2\t2023-02-29\tx\ty\n",
		"标题\n\n网站名称,域名,\"未闭合\n",
		"网站名称,登录名,账号归属\n站,,主体\n,,\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadFile("fuzz.csv", data)
		if err != nil {
			if s != nil {
				t.Fatal("a sheet and an error")
			}
			return
		}
		if len(s.Rows) > maxDataRows {
			t.Fatalf("%d rows", len(s.Rows))
		}
		for _, r := range s.Rows {
			if r.Line <= s.HeaderLine {
				t.Fatalf("row line %d not after the header line %d", r.Line, s.HeaderLine)
			}
		}
		p, err := Plan(s, nil, today)
		if err != nil {
			t.Fatal(err)
		}
		sum := p.Summary()
		if sum.Errors+sum.Warnings != len(p.Problems) {
			t.Fatal("summary does not count the problems")
		}
		p.Wipe()
	})
}

// FuzzScanSheet feeds arbitrary bytes to the byte-level worksheet and
// shared-strings scanners, which read untrusted XML without a parser.
func FuzzScanSheet(f *testing.F) {
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>45296</v></c><c t="inlineStr"><is><r><t>a</t></r><rPh><t>b</t></rPh></is></c></row>` +
		`<row><c><f>1+1</f></c><c r="XFD3"><v>1.5E3</v></c></row></sheetData><mergeCells><mergeCell ref="A1:B2"/></mergeCells></worksheet>`))
	f.Add([]byte(`<x:sst xmlns:x="u"><x:si><x:t>&#x5B89;&amp;_x000D_</x:t></x:si><x:si/><x:si><x:r><x:t>`))
	f.Add([]byte(`<x:sheetData><x:row r="99999999"><x:c r="A1" t="s"><x:v>7</x:v></x:c></x:row></x:sheetData>`))
	f.Fuzz(func(t *testing.T, x []byte) {
		sst, _ := sharedStrings(x)
		s := scanSheet(x, func(st int) bool { return st%2 == 1 }, sst)
		for _, r := range s.grid {
			if len(r) > maxColumns {
				t.Fatalf("a row of %d cells", len(r))
			}
		}
		fill(s.grid, s, false)
	})
}
