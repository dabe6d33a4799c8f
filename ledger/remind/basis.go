package remind

// Sources of the rules (domain.md §6 and §7 "Corrections"). Article
// numbers are given only where they were checked; 33号令 was revised by
// 工信部令第68号 (2024) and its article numbers are quoted from the text as
// providers and 管局 pages cite it.
const (
	// 《电信业务经营许可管理办法》: "经营许可证有效期届满，需要继续经营的，
	// 应当提前90日向原发证机关提出延续经营许可证的申请"; an application made
	// later is not granted ("有效期届满不予延续").
	srcRenewal = "《电信业务经营许可管理办法》：有效期届满需继续经营的，应当提前90日申请延续"
	// 42号令 Art. 35 and 38: the yearly report from 1 January to 31 March
	// (the system opens about 10 January); a missed report gets a deadline
	// to report late, then the 不良名单.
	srcReport = "《电信业务经营许可管理办法》（工信部令第42号）第三十五条、第三十八条；通信管理局年报通知"
	// 33号令 Art. 14: "需要变更其《备案登记表》中填报的信息的，应当提前三十日
	// …履行备案变更手续"; no source gives a grace period after the fact.
	srcChange = "《非经营性互联网信息服务备案管理办法》（信息产业部令第33号）第十四条：备案信息变更须提前30日办理"
	// 公安部令第33号 and the 公安备案 guide of the providers: file within 30
	// days of opening; show the number and icon within 30 days of approval.
	srcPSB        = "《计算机信息网络国际联网安全保护管理办法》（公安部令第33号）：开通后30日内办理联网备案"
	srcPSBDisplay = "全国互联网安全管理服务平台备案要求（腾讯云文档《公安备案》）：审核通过后30日内在网站首页底部展示备案号和图标"
	// Tencent Cloud 取消接入.md and 注销备案.md: a lapsed product or a domain
	// no longer resolving to the provider → 取消接入 → 空壳 → cancelled; a
	// cancelled number cannot be restored.
	srcProduct = "腾讯云文档《取消接入》《注销备案》：接入商产品到期后取消接入，备案成为空壳并被注销，注销后备案号不能恢复"
	// Tencent Cloud 变更信息.md: a responsible person's expired ID requires
	// updating the filing.
	srcID = "腾讯云文档《变更备案信息》：负责人证件过期须变更备案信息"
	// 33号令 Art. 13/25 via the domain lapse pages of Tencent Cloud.
	srcDomain = "腾讯云文档《备案号》：域名过期后备案仍在，新注册人可申请注销"
	srcSSL    = "证书颁发机构（CA）：证书到期后浏览器提示不安全"
	// Provincial reviews are campaigns: 湖北 held one from 2020-01-15 to
	// 04-15 (for 2019, Tencent Cloud 湖北年审.md); no yearly window is
	// known anywhere.
	srcReview = "通信管理局通知（湖北省通信管理局2020年曾开展一次备案年审；是否再次举行以管局通知为准）"
	srcCheck  = "内部规定：每季度检查一次备案状态（无法规要求）"
	srcRotate = "内部规定：定期更换密码（无法规要求；备案密码已于2020年取消）"
	srcOffRot = "内部规定：人员离开后更换其能看到的密码"
	srcOffb   = "内部规定：人员离职时收回其访问途径"
	srcDrill  = "内部规定：每位备用联系人的访问途径至少每6个月实际打开一次保险库（无法规要求）"
	srcKit    = "内部规定：应急资料包每12个月或在访问途径、联系人、接入商变更后重新制作（无法规要求）"
)
