package ident

import (
	_ "embed"
	"encoding/csv"
	"strings"
)

// Province is one row of the province table: how a province is written in
// ICP and 公安 filing numbers, its GB/T 2260 code and its telecoms
// administration (通信管理局).
type Province struct {
	// Common is the usual one-character abbreviation (川 for Sichuan).
	Common string `json:"common"`
	// ICP is the prefix used in ICP numbers (蜀 for Sichuan).
	ICP string `json:"icp"`
	// PSB is the prefix used in 公安 filing numbers (川 for Sichuan).
	PSB string `json:"psb"`
	// Name is the full province name (四川省).
	Name string `json:"name"`
	// GBT2260 is the two-digit GB/T 2260 province code ("51").
	GBT2260 string `json:"gbt2260"`
	// Admin is the name of the provincial 通信管理局.
	Admin string `json:"admin"`
}

//go:embed provinces.csv
var provincesCSV string

var (
	provinceTable []Province
	byICPPrefix   map[string]int
	icpAliases    map[string]string // alias prefix -> canonical ICP prefix
	byPSBPrefix   map[string]int
	byCode        map[string]int
	byName        map[string]int
)

// nameSuffixes are stripped from full province names to get short names
// (广西壮族自治区 -> 广西). Longer suffixes come first.
var nameSuffixes = []string{"壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市"}

func init() {
	rows, err := csv.NewReader(strings.NewReader(provincesCSV)).ReadAll()
	if err != nil || len(rows) < 2 {
		panic("ident: embedded provinces.csv is malformed")
	}
	byICPPrefix = map[string]int{}
	icpAliases = map[string]string{}
	byPSBPrefix = map[string]int{}
	byCode = map[string]int{}
	byName = map[string]int{}
	for i, row := range rows[1:] {
		if len(row) != 6 {
			panic("ident: embedded provinces.csv has a row without 6 fields")
		}
		p := Province{Common: row[0], ICP: row[1], PSB: row[2], Name: row[3], GBT2260: row[4], Admin: row[5]}
		provinceTable = append(provinceTable, p)
		byICPPrefix[p.ICP] = i
		if p.Common != p.ICP {
			icpAliases[p.Common] = p.ICP
			byICPPrefix[p.Common] = i
		}
		byPSBPrefix[p.PSB] = i
		byCode[p.GBT2260] = i
		short := p.Name
		for _, suf := range nameSuffixes {
			if s, ok := strings.CutSuffix(p.Name, suf); ok {
				short = s
				break
			}
		}
		for _, k := range []string{p.Name, short, p.Common, p.ICP, p.PSB, p.Admin} {
			byName[k] = i
		}
	}
}

// Provinces returns the 31 provinces in table order (GB/T 2260 order). The
// returned slice is a copy and may be modified.
func Provinces() []Province {
	out := make([]Province, len(provinceTable))
	copy(out, provinceTable)
	return out
}

// ProvinceByICPPrefix returns the province whose ICP prefix is prefix. The
// alias prefixes 川, 贵, 云 and 甘 are accepted and map to the provinces of
// 蜀, 黔, 滇 and 陇; use [ICPAlias] to detect them.
func ProvinceByICPPrefix(prefix string) (Province, bool) {
	return lookup(byICPPrefix, prefix)
}

// ICPAlias reports whether prefix is an alias ICP prefix (川, 贵, 云, 甘) and
// returns the canonical prefix (蜀, 黔, 滇, 陇).
func ICPAlias(prefix string) (canonical string, ok bool) {
	canonical, ok = icpAliases[prefix]
	return canonical, ok
}

// ProvinceByPSBPrefix returns the province whose 公安 filing prefix is prefix
// (川 and 甘, not 蜀 and 陇; 黔 and 滇, not 贵 and 云).
func ProvinceByPSBPrefix(prefix string) (Province, bool) {
	return lookup(byPSBPrefix, prefix)
}

// ProvinceByCode returns the province with the given GB/T 2260 code. A
// 2-digit province code is expected; longer all-digit codes (4- or 6-digit
// district codes) are reduced to their first two digits.
func ProvinceByCode(gbt2260 string) (Province, bool) {
	c := strings.TrimSpace(gbt2260)
	if len(c) < 2 || !allDigits(c) {
		return Province{}, false
	}
	return lookup(byCode, c[:2])
}

// ProvinceByName returns the province matching a full name (四川省), a short
// name (四川, 内蒙古, 广西), a one-character abbreviation (川), an ICP or 公安
// prefix (蜀, 黔) or the 通信管理局 name.
func ProvinceByName(nameOrCommon string) (Province, bool) {
	return lookup(byName, strings.TrimSpace(nameOrCommon))
}

func lookup(m map[string]int, k string) (Province, bool) {
	i, ok := m[k]
	if !ok {
		return Province{}, false
	}
	return provinceTable[i], true
}
