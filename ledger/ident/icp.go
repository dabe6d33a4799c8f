package ident

import (
	"regexp"
	"strings"
)

// Loose shapes: they accept more than the strict formats in domain.md §1.1 so
// that the parsers can say precisely what is wrong. The checks applied after
// matching narrow them down to the strict formats.
var (
	reICPBei     = regexp.MustCompile(`^(\p{Han}*)ICP备(\d*)(号?)(?:(-)(\d*)([A-Z]*))?$`)
	reICPLicence = regexp.MustCompile(`^(\p{Han}*)ICP证(\d*)(号?)(?:(-)(\d*)([A-Z]*))?$`)
	reVATS       = regexp.MustCompile(`^(合字|\p{Han}*)(B1\.)?B2-(\d*)(?:(-)(\d*)([A-Z]*))?$`)
	rePSB        = regexp.MustCompile(`^(\p{Han}*)公网安备(\d*)(号?)$`)
)

// ParseICPEntity parses an ICP entity filing number (主体备案号) such as
// 京ICP备11018762号. The alias prefixes 川, 贵, 云 and 甘 are accepted with
// a warning. A missing 号 is accepted with a warning and added in Normalized.
func ParseICPEntity(s string) Result { return parseICPBei(s, false) }

// ParseICPSite parses an ICP site filing number (网站/APP/小程序备案号) such as
// 京ICP备11018762号-11, 京ICP备11018762号-1A (app) or -1X (mini-program).
func ParseICPSite(s string) Result { return parseICPBei(s, true) }

func parseICPBei(s string, site bool) Result {
	kind := KindICPEntity
	if site {
		kind = KindICPSite
	}
	b := newBuilder(s, kind)
	n := b.r.Normalized
	if n == "" {
		b.errorf(CodeEmpty, "the input is empty")
		return b.result()
	}
	if b.tooLong() {
		return b.result()
	}
	m := reICPBei.FindStringSubmatch(n)
	if m == nil {
		if site {
			b.errorf(CodeFormat, "not an ICP site number such as 京ICP备11018762号-1")
		} else {
			b.errorf(CodeFormat, "not an ICP entity number such as 京ICP备11018762号")
		}
		return b.result()
	}
	prefix, digits, hao, dash, idx, suffix := m[1], m[2], m[3], m[4] != "", m[5], m[6]

	canon, pok := b.icpPrefix(prefix, true)
	if pok && canon != prefix {
		b.warnf(CodeAliasPrefix, "%s is an alias prefix: the footer should read %s, the number MIIT issues", prefix, canon+strings.TrimPrefix(n, prefix))
	}
	switch len(digits) {
	case 6, 8, 10:
	default:
		b.errorf(CodeDigitCount, "an ICP filing number has 6, 8 or 10 digits, not %d", len(digits))
	}
	entity := prefix + "ICP备" + digits + "号"
	switch {
	case site && !dash:
		b.errorf(CodeNotSite, "missing the site index -N; this looks like an entity number")
	case !site && dash:
		b.errorf(CodeNotEntity, "this is a site number; the entity number is %s", entity)
	}
	if dash {
		b.siteParts(idx, suffix, true)
	}
	if hao == "" {
		b.warnf(CodeMissingHao, "号 is missing after the digits")
	}
	if b.failed || !pok {
		return b.result()
	}

	b.r.Prefix = prefix
	if p, ok := ProvinceByICPPrefix(prefix); ok {
		b.setProvince(p)
	}
	norm := entity
	if dash {
		norm += "-" + idx + suffix
		b.r.Entity = entity
		b.r.SiteIndex = atoi(idx)
		b.r.Suffix = suffix
		b.r.SiteType = siteType(suffix)
	}
	b.r.Normalized = norm
	if canon != prefix {
		b.r.Canonical = canon + strings.TrimPrefix(norm, prefix)
	}
	if len(digits) == 10 {
		b.r.Year = atoi(digits[:4])
		b.r.Serial = digits[4:]
		if y := now().Year(); b.r.Year < 2020 || b.r.Year > y+1 {
			b.warnf(CodeYearRange, "the year %d is unusual for a 10-digit number (seen from 2020 on)", b.r.Year)
		}
	} else {
		b.r.Year = twoDigitYear(atoi(digits[:2]))
		b.r.YearApprox = true
		b.r.Serial = digits[2:]
		b.futureYear()
	}
	return b.result()
}

// ParseICPLicence parses an ICP licence number (ICP经营许可证) such as
// 京ICP证150437号, or a site number under a licence such as 京ICP证030173号-1.
// Only canonical province prefixes are accepted.
func ParseICPLicence(s string) Result {
	b := newBuilder(s, KindICPLicence)
	n := b.r.Normalized
	if n == "" {
		b.errorf(CodeEmpty, "the input is empty")
		return b.result()
	}
	if b.tooLong() {
		return b.result()
	}
	m := reICPLicence.FindStringSubmatch(n)
	if m == nil {
		b.errorf(CodeFormat, "not an ICP licence number such as 京ICP证150437号")
		return b.result()
	}
	prefix, digits, hao, dash, idx, suffix := m[1], m[2], m[3], m[4] != "", m[5], m[6]
	_, pok := b.icpPrefix(prefix, false)
	if len(digits) != 6 {
		b.errorf(CodeDigitCount, "an ICP licence number has 6 digits, not %d", len(digits))
	}
	if dash {
		b.siteParts(idx, suffix, false)
	}
	if hao == "" {
		b.warnf(CodeMissingHao, "号 is missing after the digits")
	}
	if b.failed || !pok {
		return b.result()
	}
	b.r.Prefix = prefix
	if p, ok := ProvinceByICPPrefix(prefix); ok {
		b.setProvince(p)
	}
	entity := prefix + "ICP证" + digits + "号"
	b.r.Normalized = entity
	if dash {
		b.r.Normalized += "-" + idx
		b.r.Entity = entity
		b.r.SiteIndex = atoi(idx)
		b.r.SiteType = siteType("")
	}
	b.r.Year = twoDigitYear(atoi(digits[:2]))
	b.r.YearApprox = true
	b.r.Serial = digits[2:]
	b.futureYear()
	return b.result()
}

// ParseVATS parses a value-added telecoms licence number (增值电信业务经营许可证)
// such as 浙B2-20080101, 合字B1.B2-20090001, or a site number under it such as
// 粤B2-20090059-1626X.
func ParseVATS(s string) Result {
	b := newBuilder(s, KindVATS)
	n := b.r.Normalized
	if n == "" {
		b.errorf(CodeEmpty, "the input is empty")
		return b.result()
	}
	if b.tooLong() {
		return b.result()
	}
	m := reVATS.FindStringSubmatch(n)
	if m == nil {
		b.errorf(CodeFormat, "not a VATS licence number such as 浙B2-20080101")
		return b.result()
	}
	prefix, b1, digits, dash, idx, suffix := m[1], m[2], m[3], m[4] != "", m[5], m[6]
	pok := true
	if prefix != "" && prefix != "合字" {
		_, pok = b.icpPrefix(prefix, false)
	}
	if len(digits) != 8 {
		b.errorf(CodeDigitCount, "a VATS licence number has 8 digits (year and sequence), not %d", len(digits))
	}
	if dash {
		b.siteParts(idx, suffix, true)
	}
	if b.failed || !pok {
		return b.result()
	}
	b.r.Prefix = prefix
	if prefix == "合字" {
		b.r.Foreign = true
	} else if p, ok := ProvinceByICPPrefix(prefix); ok {
		b.setProvince(p)
	}
	entity := prefix + b1 + "B2-" + digits
	b.r.Normalized = entity
	if dash {
		b.r.Normalized += "-" + idx + suffix
		b.r.Entity = entity
		b.r.SiteIndex = atoi(idx)
		b.r.Suffix = suffix
		b.r.SiteType = siteType(suffix)
	}
	b.r.Year = atoi(digits[:4])
	b.r.Serial = digits[4:]
	b.futureYear()
	return b.result()
}

// ParsePSB parses a public-security filing number (公安联网备案号) such as
// 晋公网安备14040302000255号: 6-digit district + 2 digits (usually 02) +
// 6-digit sequence, 号 optional. A district outside the prefix's province
// and middle digits other than 02 give warnings. Old 12-digit numbers are
// valid with Legacy set and a warning.
func ParsePSB(s string) Result {
	b := newBuilder(s, KindPSB)
	n := b.r.Normalized
	if n == "" {
		b.errorf(CodeEmpty, "the input is empty")
		return b.result()
	}
	if b.tooLong() {
		return b.result()
	}
	m := rePSB.FindStringSubmatch(n)
	if m == nil {
		b.errorf(CodeFormat, "not a 公安 filing number such as 晋公网安备14040302000255号")
		return b.result()
	}
	prefix, digits := m[1], m[2]
	p, pok := b.psbPrefix(prefix)
	switch len(digits) {
	case 14:
	case 12:
		b.r.Legacy = true
		b.warnf(CodeLegacyFormat, "12-digit 公安 numbers are an old format; current numbers have 14 digits")
	default:
		b.errorf(CodeDigitCount, "a 公安 filing number has 14 digits (12 for old numbers), not %d", len(digits))
	}
	if b.failed || !pok {
		return b.result()
	}
	b.r.Prefix = prefix
	b.setProvince(p)
	b.r.Normalized = prefix + "公网安备" + digits + "号"
	b.r.Area = digits[:6]
	if digits[:2] != p.GBT2260 {
		b.errorf(CodePSBProvinceMismatch, "the district code %s is not in %s (code %s): the prefix or the digits are wrong", digits[:6], p.Name, p.GBT2260)
	}
	if len(digits) == 14 {
		if mid := digits[6:8]; mid != "02" {
			b.warnf(CodePSBMiddle, "digits 7–8 are %s; they are almost always 02", mid)
		}
		b.r.Serial = digits[8:]
	} else {
		b.r.Serial = digits[6:]
	}
	return b.result()
}

// EntityOfSite returns the entity number that a site number belongs to:
// 京ICP备11018762号-11 → 京ICP备11018762号, 京ICP证030173号-1 → 京ICP证030173号,
// 粤B2-20090059-1626X → 粤B2-20090059. It returns false if siteNumber is not
// a valid site number.
func EntityOfSite(siteNumber string) (string, bool) {
	for _, parse := range []func(string) Result{ParseICPSite, ParseICPLicence, ParseVATS} {
		if r := parse(siteNumber); r.Valid && r.Entity != "" {
			return r.Entity, true
		}
	}
	return "", false
}

// SiteMatchesEntity reports whether site is a valid site number of the
// entity (or licence) number entity. Alias prefixes compare equal to their
// canonical prefixes (川ICP备… matches 蜀ICP备…).
func SiteMatchesEntity(site, entity string) bool {
	e, ok := EntityOfSite(site)
	if !ok {
		return false
	}
	a, ok1 := canonicalEntity(e)
	c, ok2 := canonicalEntity(entity)
	return ok1 && ok2 && a == c
}

// canonicalEntity returns the canonical form of an entity or licence number
// (no site index).
func canonicalEntity(s string) (string, bool) {
	for _, parse := range []func(string) Result{ParseICPEntity, ParseICPLicence, ParseVATS} {
		if r := parse(s); r.Valid && r.Entity == "" {
			if r.Canonical != "" {
				return r.Canonical, true
			}
			return r.Normalized, true
		}
	}
	return "", false
}

// icpPrefix checks an ICP province prefix and returns the canonical prefix.
// Aliases are accepted with a warning when allowAlias is set.
func (b *builder) icpPrefix(prefix string, allowAlias bool) (string, bool) {
	if prefix == "" {
		b.errorf(CodePrefix, "the province prefix (e.g. 京) is missing")
		return "", false
	}
	if canon, ok := ICPAlias(prefix); ok {
		if allowAlias {
			// The caller warns, naming the number as MIIT issues it.
			return canon, true
		}
		b.errorf(CodePrefix, "%s is not an ICP prefix here; the canonical prefix is %s", prefix, canon)
		return "", false
	}
	if p, ok := ProvinceByICPPrefix(prefix); ok && p.ICP == prefix {
		return prefix, true
	}
	if p, ok := ProvinceByName(prefix); ok {
		b.errorf(CodePrefix, "%s is not an ICP province prefix; use %s", prefix, p.ICP)
	} else {
		b.errorf(CodePrefix, "%s is not an ICP province prefix", prefix)
	}
	return "", false
}

// psbPrefix checks a 公安 province prefix.
func (b *builder) psbPrefix(prefix string) (Province, bool) {
	if prefix == "" {
		b.errorf(CodePrefix, "the province prefix (e.g. 京) is missing")
		return Province{}, false
	}
	if p, ok := ProvinceByPSBPrefix(prefix); ok {
		return p, true
	}
	if p, ok := ProvinceByName(prefix); ok {
		b.errorf(CodePrefix, "%s is not a 公安 province prefix; use %s", prefix, p.PSB)
	} else {
		b.errorf(CodePrefix, "%s is not a 公安 province prefix", prefix)
	}
	return Province{}, false
}

// siteParts checks the -N index and optional A/X suffix of a site number.
func (b *builder) siteParts(idx, suffix string, allowSuffix bool) {
	if len(idx) < 1 || len(idx) > 4 {
		b.errorf(CodeSiteIndex, "the site index after - must have 1 to 4 digits")
	} else if atoi(idx) == 0 {
		b.errorf(CodeSiteIndex, "site indexes start at 1; -%s does not exist", idx)
	}
	switch {
	case suffix == "":
	case allowSuffix && (suffix == "A" || suffix == "X"):
	case allowSuffix:
		b.errorf(CodeSiteSuffix, "unknown suffix %s; only A (app) and X (mini-program) are known", suffix)
	default:
		b.errorf(CodeSiteSuffix, "unexpected suffix %s after the site index", suffix)
	}
}

// futureYear warns when the year in a number lies beyond next year.
func (b *builder) futureYear() {
	if y := now().Year(); b.r.Year > y+1 {
		b.warnf(CodeYearRange, "the year %d in the number is in the future", b.r.Year)
	}
}
