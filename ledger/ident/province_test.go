package ident

import "testing"

func TestProvinceTable(t *testing.T) {
	ps := Provinces()
	if len(ps) != 31 {
		t.Fatalf("Provinces() has %d rows, want 31", len(ps))
	}
	if ps[0].Name != "北京市" || ps[30].Name != "新疆维吾尔自治区" || ps[22].Name != "四川省" {
		t.Errorf("table order: first %q, 23rd %q, last %q", ps[0].Name, ps[22].Name, ps[30].Name)
	}
	seen := map[string]bool{}
	prev := ""
	for _, p := range ps {
		if p.Admin != p.Name+"通信管理局" {
			t.Errorf("%s: admin %q", p.Name, p.Admin)
		}
		if len(p.GBT2260) != 2 || p.GBT2260 <= prev {
			t.Errorf("%s: code %q not ascending after %q", p.Name, p.GBT2260, prev)
		}
		prev = p.GBT2260
		for _, k := range []string{"icp:" + p.ICP, "psb:" + p.PSB, "common:" + p.Common, "code:" + p.GBT2260} {
			if seen[k] {
				t.Errorf("duplicate %s", k)
			}
			seen[k] = true
		}
		for _, get := range []func(string) (Province, bool){ProvinceByICPPrefix} {
			if q, ok := get(p.ICP); !ok || q != p {
				t.Errorf("ProvinceByICPPrefix(%q) = %v, %v", p.ICP, q, ok)
			}
		}
		if q, ok := ProvinceByPSBPrefix(p.PSB); !ok || q != p {
			t.Errorf("ProvinceByPSBPrefix(%q) = %v, %v", p.PSB, q, ok)
		}
		if q, ok := ProvinceByCode(p.GBT2260); !ok || q != p {
			t.Errorf("ProvinceByCode(%q) = %v, %v", p.GBT2260, q, ok)
		}
		for _, k := range []string{p.Name, p.Common, p.ICP, p.PSB, p.Admin} {
			if q, ok := ProvinceByName(k); !ok || q != p {
				t.Errorf("ProvinceByName(%q) = %v, %v", k, q, ok)
			}
		}
	}
	// Returned slice is a copy.
	ps[0].Name = "x"
	if Provinces()[0].Name != "北京市" {
		t.Error("Provinces() exposes the table")
	}
}

func TestProvinceSpecialCases(t *testing.T) {
	sc, _ := ProvinceByName("四川")
	if sc.Common != "川" || sc.ICP != "蜀" || sc.PSB != "川" || sc.GBT2260 != "51" || sc.Admin != "四川省通信管理局" {
		t.Errorf("Sichuan row = %+v", sc)
	}
	gs, _ := ProvinceByName("甘肃")
	if gs.ICP != "陇" || gs.PSB != "甘" {
		t.Errorf("Gansu row = %+v", gs)
	}
	for alias, canon := range map[string]string{"川": "蜀", "贵": "黔", "云": "滇", "甘": "陇"} {
		c, ok := ICPAlias(alias)
		if !ok || c != canon {
			t.Errorf("ICPAlias(%q) = %q, %v; want %q", alias, c, ok, canon)
		}
		a, ok1 := ProvinceByICPPrefix(alias)
		b, ok2 := ProvinceByICPPrefix(canon)
		if !ok1 || !ok2 || a != b {
			t.Errorf("ProvinceByICPPrefix(%q) = %v, (%q) = %v", alias, a, canon, b)
		}
	}
	if len(icpAliases) != 4 {
		t.Errorf("%d aliases, want 4", len(icpAliases))
	}
	for _, notAlias := range []string{"蜀", "京", "", "港"} {
		if _, ok := ICPAlias(notAlias); ok {
			t.Errorf("ICPAlias(%q) ok", notAlias)
		}
	}
	for _, notPSB := range []string{"蜀", "陇", "贵", "云", ""} {
		if _, ok := ProvinceByPSBPrefix(notPSB); ok {
			t.Errorf("ProvinceByPSBPrefix(%q) ok", notPSB)
		}
	}
	names := map[string]string{
		"北京": "北京市", "北京市": "北京市", "京": "北京市", "四川": "四川省", "川": "四川省", "蜀": "四川省",
		"内蒙古": "内蒙古自治区", "蒙": "内蒙古自治区", "广西": "广西壮族自治区", "宁夏": "宁夏回族自治区",
		"新疆": "新疆维吾尔自治区", "西藏": "西藏自治区", "黑龙江": "黑龙江省", "重庆": "重庆市", "贵州": "贵州省",
		"贵": "贵州省", "黔": "贵州省", "云南": "云南省", "滇": "云南省", "陇": "甘肃省", " 上海 ": "上海市",
		"湖北省通信管理局": "湖北省",
	}
	for in, want := range names {
		p, ok := ProvinceByName(in)
		if !ok || p.Name != want {
			t.Errorf("ProvinceByName(%q) = %q, %v; want %q", in, p.Name, ok, want)
		}
	}
	for _, bad := range []string{"", "香港", "台湾", "北", "四川省省"} {
		if p, ok := ProvinceByName(bad); ok {
			t.Errorf("ProvinceByName(%q) = %v", bad, p)
		}
	}
	codes := map[string]string{"51": "四川省", "5101": "四川省", "510107": "四川省", "65": "新疆维吾尔自治区", "11": "北京市"}
	for in, want := range codes {
		p, ok := ProvinceByCode(in)
		if !ok || p.Name != want {
			t.Errorf("ProvinceByCode(%q) = %q, %v; want %q", in, p.Name, ok, want)
		}
	}
	for _, bad := range []string{"", "1", "71", "81", "00", "5x", "x1"} {
		if p, ok := ProvinceByCode(bad); ok {
			t.Errorf("ProvinceByCode(%q) = %v", bad, p)
		}
	}
}
