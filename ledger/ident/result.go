package ident

import (
	"fmt"
	"time"
)

// Kind names the type of an identifier.
type Kind string

// The identifier kinds.
const (
	KindICPEntity  Kind = "icp-entity"   // 主体备案号, e.g. 京ICP备11018762号
	KindICPSite    Kind = "icp-site"     // 网站/APP/小程序备案号, e.g. 京ICP备11018762号-11
	KindICPLicence Kind = "icp-licence"  // ICP 经营许可证, e.g. 京ICP证150437号
	KindVATS       Kind = "vats-licence" // 增值电信业务经营许可证, e.g. 浙B2-20080101
	KindPSB        Kind = "psb"          // 公安联网备案号, e.g. 晋公网安备14040302000255号
	KindUSCC       Kind = "uscc"         // 统一社会信用代码 (or legacy 15-digit 注册号)
	KindResidentID Kind = "resident-id"  // 居民身份证号码
	KindMobile     Kind = "mobile"       // mainland mobile number
	KindUnknown    Kind = "unknown"      // not recognised
)

// Problem codes, stable across releases, reported in Result.Codes. Codes
// marked "warning" never make a result invalid on their own.
const (
	CodeEmpty               = "empty"                 // the input is empty after normalisation
	CodeUnrecognised        = "unrecognised"          // Classify found no matching kind
	CodeFormat              = "format"                // the input does not have the kind's shape
	CodePrefix              = "prefix"                // missing or wrong province prefix
	CodeDigitCount          = "digit-count"           // wrong number of digits
	CodeLength              = "length"                // wrong length, or far too long
	CodeCharset             = "charset"               // a character that is not allowed
	CodeNotSite             = "not-site"              // an entity number given where a site number was expected
	CodeNotEntity           = "not-entity"            // a site number given where an entity number was expected
	CodeSiteIndex           = "site-index"            // the -N site index is malformed
	CodeSiteSuffix          = "site-suffix"           // unknown suffix after the site index
	CodeChecksum            = "checksum"              // the check character is wrong
	CodeBirthDate           = "birth-date"            // the birth date is not a real date
	CodeFutureBirth         = "future-birth"          // the birth date is in the future
	CodeAliasPrefix         = "alias-prefix"          // warning: 川/贵/云/甘 used as an ICP prefix
	CodeMissingHao          = "missing-hao"           // warning: 号 missing after the digits
	CodeYearRange           = "year-range"            // warning: implausible year in the number
	CodeLegacyFormat        = "legacy-format"         // warning: an old format still in use
	CodePSBProvinceMismatch = "psb-province-mismatch" // district code not in the prefix's province
	CodePSBMiddle           = "psb-middle"            // warning: middle digits of a PSB number are not 02
	CodeOrgCodeChecksum     = "org-code-checksum"     // the inner GB 11714 organisation-code check failed
	CodeArea                = "area-code"             // USCC characters 3–8 are not an administrative-division code
	CodeDepartment          = "unknown-department"    // warning: unknown registration department
	CodeMVNORange           = "mvno-range"            // warning: number range may not receive the 12381 SMS
)

var warningCodes = map[string]bool{
	CodeAliasPrefix:  true,
	CodeMissingHao:   true,
	CodeYearRange:    true,
	CodeLegacyFormat: true,
	CodePSBMiddle:    true,
	CodeDepartment:   true,
	CodeMVNORange:    true,
}

// IsWarning reports whether a problem code is a warning, i.e. one that
// does not make a result invalid by itself.
func IsWarning(code string) bool { return warningCodes[code] }

// now is the clock used for year and birth-date checks; tests replace it.
var now = time.Now

// Result is the outcome of parsing one identifier.
type Result struct {
	// Input is the string as given.
	Input string `json:"input"`
	// Kind is the identifier kind (the parser's kind for specific parsers).
	Kind Kind `json:"kind"`
	// Normalized is the canonical written form when valid, else Normalize(Input).
	Normalized string `json:"normalized"`
	// Valid reports whether the identifier is acceptable (warnings allowed).
	Valid bool `json:"valid"`
	// Problems are short English messages, errors and warnings; never nil.
	Problems []string `json:"problems"`
	// Codes are the stable codes parallel to Problems; never nil.
	Codes []string `json:"codes"`
	// Args are the arguments of each problem, parallel to Codes (never
	// nil; an entry may be empty): the values the English message quotes,
	// in its order. A UI renders a problem in its own language from the
	// code, the kind and these (app/i18n: "ident.<kind>.<code>", else
	// "ident.<code>", with %[1]s … for the arguments).
	Args [][]string `json:"args"`
	// Legacy marks old formats (12-digit PSB, 15-digit resident ID or 注册号).
	Legacy bool `json:"legacy,omitempty"`

	// Canonical is a canonical equivalent when it differs from Normalized:
	// the ICP number with its canonical prefix (川→蜀), or the 18-digit form of
	// a 15-digit resident ID.
	Canonical string `json:"canonical,omitempty"`
	// Prefix is the province prefix as written (川 in 川ICP备…), or 合字.
	Prefix string `json:"prefix,omitempty"`
	// Province is the full province name (四川省), from the prefix or area code.
	Province string `json:"province,omitempty"`
	// ProvinceCode is the two-digit GB/T 2260 code of Province.
	ProvinceCode string `json:"province_code,omitempty"`
	// Year is the year encoded in ICP, licence and VATS numbers.
	Year int `json:"year,omitempty"`
	// YearApprox marks a Year read from two digits (6- and 8-digit ICP
	// numbers, licence numbers): the first two digits are commonly, not
	// officially, the year of first approval (domain.md §1.1 [U]).
	YearApprox bool `json:"year_approx,omitempty"`
	// Serial is the sequence part of the number (after the year, or after
	// the district for PSB numbers).
	Serial string `json:"serial,omitempty"`
	// SiteIndex is N in a "-N" site number.
	SiteIndex int `json:"site_index,omitempty"`
	// Suffix is "A" (app) or "X" (mini-program) after the site index.
	Suffix string `json:"suffix,omitempty"`
	// SiteType is "website", "app" or "mini-program" for site numbers.
	SiteType string `json:"site_type,omitempty"`
	// Entity is the entity (or licence) number a site number belongs to.
	Entity string `json:"entity,omitempty"`
	// Area is a 6-digit GB/T 2260 code: the PSB office district, the USCC
	// registration area or the resident ID address code.
	Area string `json:"area,omitempty"`
	// Department is the USCC registration department (登记管理部门).
	Department string `json:"department,omitempty"`
	// OrgType is the USCC organisation type (机构类别), when known.
	OrgType string `json:"org_type,omitempty"`
	// Sex is "M" or "F" for resident IDs.
	Sex string `json:"sex,omitempty"`
	// Birth is the birth date of a resident ID as YYYY-MM-DD.
	Birth string `json:"birth,omitempty"`
	// Foreign marks 合字 (foreign-invested) VATS licences.
	Foreign bool `json:"foreign,omitempty"`
}

// builder collects problems while a parser runs.
type builder struct {
	r      Result
	failed bool
}

func newBuilder(input string, kind Kind) *builder {
	return &builder{r: Result{
		Input:      input,
		Kind:       kind,
		Normalized: Normalize(input),
		Problems:   []string{},
		Codes:      []string{},
		Args:       [][]string{},
	}}
}

func (b *builder) add(code, format string, args ...any) {
	b.r.Problems = append(b.r.Problems, fmt.Sprintf(format, args...))
	b.r.Codes = append(b.r.Codes, code)
	strs := make([]string, len(args))
	for i, a := range args {
		switch c := a.(type) {
		case byte: // a check character
			strs[i] = string(rune(c))
		case rune:
			strs[i] = string(c)
		default:
			strs[i] = fmt.Sprint(a)
		}
	}
	b.r.Args = append(b.r.Args, strs)
}

func (b *builder) errorf(code, format string, args ...any) {
	b.failed = true
	b.add(code, format, args...)
}

func (b *builder) warnf(code, format string, args ...any) {
	b.add(code, format, args...)
}

// result returns the finished Result. Detail fields are only kept for
// valid results, so that an invalid result carries no half-parsed data.
func (b *builder) result() Result {
	r := b.r
	r.Valid = !b.failed
	if !r.Valid {
		r = Result{Input: r.Input, Kind: r.Kind, Normalized: r.Normalized, Problems: r.Problems, Codes: r.Codes, Args: r.Args}
	}
	return r
}

// maxLen bounds the normalised length (in bytes) of anything worth parsing;
// the longest real identifiers are about 35 bytes.
const maxLen = 100

// tooLong reports (and records) a normalised input longer than maxLen.
func (b *builder) tooLong() bool {
	if len(b.r.Normalized) <= maxLen {
		return false
	}
	b.errorf(CodeLength, "the input is too long to be an identifier")
	return true
}

func (b *builder) setProvince(p Province) {
	b.r.Province = p.Name
	b.r.ProvinceCode = p.GBT2260
}

// twoDigitYear expands the 2-digit years of older numbers.
func twoDigitYear(yy int) int {
	if yy >= 90 {
		return 1900 + yy
	}
	return 2000 + yy
}

func siteType(suffix string) string {
	switch suffix {
	case "A":
		return "app"
	case "X":
		return "mini-program"
	}
	return "website"
}
