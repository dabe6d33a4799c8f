// Package ident parses, normalises and validates the identifiers that appear
// in Chinese ICP filings: ICP filing numbers (entity and site), ICP and VATS
// licence numbers, public-security (公安) filing numbers, unified social credit
// codes, resident ID numbers and mainland mobile numbers.
//
// The formats, checksums and the province table follow sections 1 and 2 of
// the project's domain notes (shared/design/domain.md). The package uses only
// the standard library and never panics, whatever the input.
//
// # Normalisation
//
// [Normalize] removes all whitespace (including the ideographic space U+3000
// and zero-width characters), converts full-width ASCII (U+FF01–U+FF5E) to
// ASCII, maps the dash variants (－—– and friends) to "-" and upper-cases
// ASCII letters. Chinese characters are kept as they are. Every parser
// normalises its input first, so callers may pass raw user input.
//
// # Results
//
// Every parser returns a [Result]. Result.Valid tells whether the identifier
// is acceptable; Result.Problems lists short English messages and
// Result.Codes the parallel stable codes (see the Code constants). A valid
// result may still carry problems: those are warnings, such as an alias
// province prefix or a legacy format (see [IsWarning]). Result.Args holds
// each problem's arguments, so that a UI renders it in its own language from
// the kind and code (app/i18n "ident.mobile.format": 手机号应为 11 位、以 1
// 开头). Problems, Codes and Args are never nil, so they encode as empty
// JSON arrays. A USCC must pass both its checks and start its area code
// with a province's code; a 公安 number whose district is not in its
// prefix's province is invalid; an 18-digit string that reads as a resident
// ID is reported as one, even with an impossible date.
//
// Result.Normalized is the canonical written form for the kind when the
// input is valid (for example PSB numbers always end in 号 and mobile numbers
// are the bare 11 digits); otherwise it is [Normalize] of the input. When an
// ICP number uses an alias prefix (川, 贵, 云, 甘), Normalized keeps the prefix
// as written and Result.Canonical holds the form with the canonical prefix
// (蜀, 黔, 滇, 陇).
//
// # Classification
//
// [Classify] detects the kind of an identifier and validates it. Markers
// (ICP备, ICP证, 公网安备, B2-) decide the ICP-related kinds. Bare digit
// strings are resolved as follows: 11 digits (optionally with +86) are
// mobile numbers; 18 characters are a resident ID when the MOD 11-2 check and
// the birth date pass, otherwise a unified social credit code; 15 digits are
// a legacy resident ID when the YYMMDD date is valid, otherwise a legacy
// business registration number (注册号). Anything else is [KindUnknown].
//
// # Provinces
//
// [Provinces] returns the embedded 31-row table mapping each province to
// its ICP prefix (蜀 not 川, 黔, 滇, 陇 not 甘), its 公安 prefix, its GB/T 2260
// code and its 通信管理局. Lookups: [ProvinceByICPPrefix],
// [ProvinceByPSBPrefix], [ProvinceByCode] and [ProvinceByName].
//
// # Checksums
//
// [USCCCheckChar] (GB 32100 mod 31), [OrgCodeCheckChar] (GB 11714) and
// [ResidentIDCheckChar] (GB 11643, ISO 7064 MOD 11-2) compute check
// characters for generating or repairing identifiers.
package ident
