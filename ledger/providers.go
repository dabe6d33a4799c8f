package ledger

import "strings"

// KnownProvider is an access provider (接入商) as users type it.
type KnownProvider struct {
	Name    string
	Aliases []string
	Hotline string
	// LegalName is the company that provides the access, as a letter
	// addressed to the provider names it (致：阿里云计算有限公司), and
	// LegalSource where that name was read. Empty when no source was
	// found: a letter then uses the name the user entered and asks them
	// to check it.
	LegalName   string
	LegalSource string
}

// KnownProviders are the canonical names and the aliases users type
// (design notes, domain.md §5), with the legal names that could be read
// from a first-hand source (docs/guide/letters.md lists them).
var KnownProviders = []KnownProvider{
	{Name: "阿里云", Aliases: []string{"aliyun", "万网", "HiChina", "Alibaba Cloud"},
		LegalName:   "阿里云计算有限公司",
		LegalSource: "aliyun.com page footer: 增值电信业务经营许可证 浙B2-20080101, 域名注册服务机构 阿里云计算有限公司"},
	{Name: "腾讯云", Aliases: []string{"tencent cloud", "qcloud", "DNSPod"}, Hotline: "95716",
		LegalName:   "腾讯云计算（北京）有限责任公司",
		LegalSource: "Tencent Cloud API reference (tencentcloud-sdk): 腾讯云主体名称，固定填：腾讯云计算（北京）有限责任公司"},
	{Name: "华为云", Aliases: []string{"huaweicloud", "huawei cloud"}},
	{Name: "百度智能云", Aliases: []string{"百度云", "BCE", "baidu cloud"}},
	{Name: "京东云", Aliases: []string{"JD Cloud", "jdcloud"}},
	{Name: "西部数码", Aliases: []string{"west.cn"},
		LegalName:   "成都西维数码科技有限公司",
		LegalSource: "west.cn filing form: 接入商名称 请填写成都西维数码科技有限公司（管局会核查）"},
	{Name: "新网", Aliases: []string{"xinnet"}},
	{Name: "天翼云", Aliases: []string{"中国电信", "ctyun"}},
	{Name: "移动云", Aliases: []string{"中国移动", "ecloud"}},
	{Name: "联通云", Aliases: []string{"中国联通", "沃云"}},
	{Name: "火山引擎", Aliases: []string{"volcengine"},
		LegalName:   "北京火山引擎科技有限公司",
		LegalSource: "volcengine.com page footer: © 北京火山引擎科技有限公司, 增值电信业务经营许可证 京B2-20202418"},
	{Name: "UCloud", Aliases: []string{"优刻得"}},
	{Name: "金山云", Aliases: []string{"ksyun"}},
	{Name: "亚马逊云科技", Aliases: []string{"AWS China", "AWS", "光环新网", "西云数据"}},
	{Name: "Azure China", Aliases: []string{"世纪互联", "Azure"}},
}

// CanonicalProvider maps a typed provider name or alias to its known
// canonical form, ignoring case and spaces. ok is false for an unknown name,
// which is kept as typed.
func CanonicalProvider(typed string) (KnownProvider, bool) {
	key := func(s string) string { return strings.ToLower(strings.ReplaceAll(toHalfWidth(s), " ", "")) }
	k := key(typed)
	for _, p := range KnownProviders {
		if key(p.Name) == k {
			return p, true
		}
		for _, a := range p.Aliases {
			if key(a) == k {
				return p, true
			}
		}
	}
	return KnownProvider{}, false
}
