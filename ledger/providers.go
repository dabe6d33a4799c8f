package ledger

import "strings"

// KnownProvider is an access provider (接入商) as users type it.
type KnownProvider struct {
	Name    string
	Aliases []string
	Hotline string
}

// KnownProviders are the canonical names and the aliases users type
// (design notes, domain.md §5).
var KnownProviders = []KnownProvider{
	{Name: "阿里云", Aliases: []string{"aliyun", "万网", "HiChina", "Alibaba Cloud"}},
	{Name: "腾讯云", Aliases: []string{"tencent cloud", "qcloud", "DNSPod"}, Hotline: "95716"},
	{Name: "华为云", Aliases: []string{"huaweicloud", "huawei cloud"}},
	{Name: "百度智能云", Aliases: []string{"百度云", "BCE", "baidu cloud"}},
	{Name: "京东云", Aliases: []string{"JD Cloud", "jdcloud"}},
	{Name: "西部数码", Aliases: []string{"west.cn"}},
	{Name: "新网", Aliases: []string{"xinnet"}},
	{Name: "天翼云", Aliases: []string{"中国电信", "ctyun"}},
	{Name: "移动云", Aliases: []string{"中国移动", "ecloud"}},
	{Name: "联通云", Aliases: []string{"中国联通", "沃云"}},
	{Name: "火山引擎", Aliases: []string{"volcengine"}},
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
