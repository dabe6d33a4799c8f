package letter

// Certainty of a guide step.
const (
	Rule     = "rule"     // a regulation or MIIT's own system (domain.md [V])
	Provider = "provider" // one provider's documented process, named in the step (接入商做法)
	Practice = "practice" // common practice, or not officially confirmed ([O]/[U])
)

// CertaintyZH and CertaintyEN are the labels of a step's certainty, as the
// printed checklist and the window show them.
func CertaintyZH(c string) string {
	switch c {
	case Rule:
		return "官方规定"
	case Provider:
		return "接入商做法"
	}
	return "通行做法"
}

// CertaintyEN is CertaintyZH in English.
func CertaintyEN(c string) string {
	switch c {
	case Rule:
		return "official rule"
	case Provider:
		return "provider practice"
	}
	return "common practice"
}

// Scenario is one path of the recovery guide.
type Scenario struct {
	ID      string
	TitleZH string
	TitleEN string
	// StepsZH and StepsEN are the same steps in Chinese and English.
	StepsZH []string
	StepsEN []string
	// Certainty has one entry per step: Rule, Provider or Practice.
	Certainty []string
	// Checklist is what to prepare, in Chinese; ChecklistEN is the same
	// items in the same order in English.
	Checklist   []string
	ChecklistEN []string
	// Letters are the template kinds this scenario needs.
	Letters []string
	// NoteZH and NoteEN qualify the scenario as a whole.
	NoteZH, NoteEN string
}

// The guide starts from one question.
const (
	GuideStartZH = "先问一个问题：主体负责人或网站负责人登记的手机号现在能收到短信吗？能，按“负责人手机可用”办理；不能，先看“负责人已离职或手机停用”。注意：工信部备案密码已于2020年8月17日停用，身份改由12381短信核验，须在24小时内完成。"
	GuideStartEN = "Start with one question: can the responsible person's registered mobile still receive SMS? If yes, follow \"Responsible person reachable\"; if not, start with \"Responsible person has left\". Note: MIIT abolished the filing password on 17 Aug 2020; identity is now checked by an SMS from 12381 that must be answered within 24 hours."
)

// Scenario ids.
const (
	ScenarioReachable      = "responsible-reachable"
	ScenarioAccountLost    = "account-lost-provider-reachable"
	ScenarioLeft           = "responsible-left"
	ScenarioSMSTimeout     = "sms-timed-out"
	ScenarioRenamed        = "entity-renamed"
	ScenarioEntity         = "entity-changed" // 转让 or a new entity (a new USCC)
	ScenarioLegalRep       = "new-legal-representative"
	ScenarioNewProvider    = "change-provider"
	ScenarioAccessLost     = "access-cancelled"
	ScenarioCancel         = "cancel-filing"
	ScenarioMovedProvince  = "entity-moved-province"
	ScenarioProvince       = "other-province"
	ScenarioRegistrarMoved = "domain-registrar-moved"
	ScenarioLegacy         = "legacy-password"

	smsStepZH    = "收到12381发来的短信后，24小时内登录 https://beian.miit.gov.cn 完成短信核验：输入手机号、本人证件号码后6位和短信里的6位验证码。短信最多可重发2次；连续输错5次，第6次会把申请退回。"
	smsStepEN    = "When the SMS from 12381 arrives, complete the check on https://beian.miit.gov.cn within 24 hours: enter the mobile number, the last 6 digits of the person's ID and the 6-digit code. The SMS can be resent at most twice; after 5 wrong entries the 6th sends the application back."
	noPasswordZH = "工信部备案密码已于2020年8月17日停用，现在既不需要、也无法“找回备案密码”；核验身份靠负责人手机接收12381短信。"
	noPasswordEN = "MIIT stopped using the filing password on 17 Aug 2020: there is nothing to recover. Identity is checked by an SMS from 12381 to the responsible person's phone."
	checkZH      = "身份核验方式由接入商决定：拍照、人脸或视频核验（以接入商为准）。"
	checkEN      = "The provider decides how identity is checked: a photo, a face scan or a video check (whatever that provider asks)."
	reviewZH     = "腾讯云的说明：接入商初审约1个工作日，再用1–3个工作日提交到通信管理局；其他接入商时间不同，以其答复为准。通信管理局审核最长20个工作日（浙江30个工作日）。"
	reviewEN     = "Tencent Cloud's account: the provider's first review takes about 1 working day, plus 1–3 working days to pass it to the administration; other providers differ. The administration takes at most 20 working days (Zhejiang 30)."
	lookupZH     = "先在 https://beian.miit.gov.cn 按域名或备案号查询：备案是否还在、登记在哪家接入商。"
	lookupEN     = "First look the domain or number up on https://beian.miit.gov.cn: is the filing still there, and under which provider?"
	goneZH       = "备案号一旦注销就无法恢复，只能重新备案，拿到新的备案号。"
	goneEN       = "A cancelled filing number can never be restored: the only way back is a new filing with a new number."
	footerZH     = "拿到新备案号后，立即更新网站底部的备案号（链接到 https://beian.miit.gov.cn），并到全国互联网安全管理服务平台变更公安备案信息。"
	footerEN     = "With the new number, update the site footer at once (linked to https://beian.miit.gov.cn) and update the 公安 (public security) record."
)

// Guide returns the recovery scenarios, in the order a person should
// consider them.
func Guide() []Scenario {
	return []Scenario{
		{
			ID: ScenarioReachable, TitleZH: "负责人手机可用", TitleEN: "Responsible person reachable",
			StepsZH: []string{
				"确认主体负责人或网站负责人登记的手机号仍在使用、能收到短信。",
				noPasswordZH,
				"登录接入商的备案控制台，提交需要办理的变更或新增备案。",
				checkZH,
				smsStepZH,
				reviewZH,
			},
			StepsEN: []string{
				"Confirm the entity owner's or site owner's registered mobile is still in use and receives SMS.",
				noPasswordEN,
				"Log in to the access provider's filing console and submit the change or new filing.",
				checkEN,
				smsStepEN,
				reviewEN,
			},
			Certainty:   []string{Practice, Rule, Rule, Provider, Rule, Provider},
			Checklist:   []string{"负责人本人的手机（能收12381短信）", "负责人身份证（核验要用证件号后6位）", "接入商控制台账号", "营业执照（变更时上传扫描件）"},
			ChecklistEN: []string{"The responsible person's own mobile (able to receive the 12381 SMS)", "The responsible person's ID card (the check asks for its last 6 digits)", "The access provider console account", "The business licence (a scan is uploaded for a change)"},
			Letters:     []string{KindChecklist},
		},
		{
			ID: ScenarioAccountLost, TitleZH: "账号丢失，接入商可联系", TitleEN: "Account lost, provider reachable",
			StepsZH: []string{
				"备案是通过接入商办理的：要找回的是接入商控制台账号（账号ID、UID或登录名），不是工信部密码（2020年8月17日已停用）。",
				"先试接入商自己的账号找回（绑定手机、邮箱或实名认证）。",
				"找不回时联系接入商备案客服（腾讯云：95716转3），按其要求提交材料：常见为加盖公章的营业执照复印件、法定代表人和经办人身份证、盖章的授权委托书。",
				"处理时间以接入商答复为准，常见约1–3个工作日。",
				"拿回账号后核对负责人手机；需要变更的，按规定提前30日提交，并由负责人完成12381短信核验。",
			},
			StepsEN: []string{
				"The filing was made through the access provider: what you recover is the provider console account (its account ID, UID or login), not an MIIT password (abolished on 17 Aug 2020).",
				"First try the provider's own account recovery (bound mobile, email or real-name verification).",
				"If that fails, call the provider's filing support (Tencent Cloud: 95716, option 3) and send what it asks for: usually a sealed copy of the business licence, the legal representative's and the agent's IDs, and a sealed letter of authorisation.",
				"The provider's answer decides how long it takes; about 1–3 working days is common.",
				"Once the account is back, check the responsible people's mobiles; file any change 30 days ahead and let the responsible person complete the 12381 SMS check.",
			},
			Certainty:   []string{Rule, Provider, Provider, Practice, Rule},
			Checklist:   []string{"接入商账号ID、UID或登录名", "营业执照复印件（加盖公章）", "法定代表人身份证复印件", "经办人（受托人）身份证原件及复印件", "授权委托书（盖公章、法定代表人签字）", "主体备案号、网站备案号和域名", "接入商客服电话和控制台网址"},
			ChecklistEN: []string{"The provider account ID, UID or login", "A copy of the business licence with the company seal", "A copy of the legal representative's ID card", "The agent's ID card, original and copy", "The letter of authorisation (sealed, signed by the legal representative)", "The entity filing number, site filing numbers and domains", "The provider's support number and console address"},
			Letters:     []string{KindRecovery, KindAgent, KindChecklist},
			NoteZH:      "材料和时限各接入商不同，未见官方统一规定。",
			NoteEN:      "Materials and timing differ between providers; no official rule fixes them.",
		},
		{
			ID: ScenarioLeft, TitleZH: "负责人已离职或手机停用", TitleEN: "Responsible person has left",
			StepsZH: []string{
				"12381短信只发到登记的负责人手机。人已离职、号码停用，短信就收不到，所以第一步是变更备案、换上新的负责人。",
				"负责人和联系方式的变更应提前30日办理（《非经营性互联网信息服务备案管理办法》第十四条）；人已离职的，尽快办理。",
				"通过接入商提交变更：上传营业执照和新负责人身份证。",
				checkZH,
				smsStepZH,
				"如能联系到原负责人，请其配合办理交接，并在变更完成前保留原号码。",
				"原负责人能看到的账号密码全部改掉（本台账会提醒“离职后轮换”）。",
			},
			StepsEN: []string{
				"The 12381 SMS goes only to the registered responsible person's mobile. If that person has left or the number is cancelled, no SMS arrives, so first change the filing to a new responsible person.",
				"Changes of responsible people and contact details are filed 30 days in advance (Measures for non-commercial filings, Art. 14); if the person has already left, file at once.",
				"Submit the change through the provider: upload the business licence and the new person's ID.",
				checkEN,
				smsStepEN,
				"If the former person can be reached, ask them to help with the hand-over and to keep the old number until the change is done.",
				"Change every password the former person could see (the ledger reminds you: rotation after offboarding).",
			},
			Certainty:   []string{Rule, Rule, Rule, Provider, Rule, Practice, Practice},
			Checklist:   []string{"营业执照扫描件", "新负责人身份证原件", "新负责人本人手机（能收12381短信）", "接入商控制台账号", "情况说明（原负责人无法联系时，盖公章）", "授权委托书（由他人代办时）"},
			ChecklistEN: []string{"A scan of the business licence", "The new responsible person's ID card (original)", "The new responsible person's own mobile (able to receive the 12381 SMS)", "The access provider console account", "A statement of circumstances (sealed, if the former person cannot be reached)", "A letter of authorisation (if someone else does the filing)"},
			Letters:     []string{KindSituation, KindAgent, KindChecklist},
		},
		{
			ID: ScenarioSMSTimeout, TitleZH: "短信核验超时", TitleEN: "The SMS check timed out",
			StepsZH: []string{
				"12381短信须在24小时内完成核验；超时后申请会被退回，已提交的内容不会自动继续。",
				"在接入商控制台重新提交同一申请；提交前确认负责人当天能收短信、手边有身份证。",
				smsStepZH,
			},
			StepsEN: []string{
				"The 12381 SMS check must be completed within 24 hours; after that the application is sent back and does not go on by itself.",
				"Submit the same application again in the provider console, once the responsible person can receive the SMS that day and has their ID card at hand.",
				smsStepEN,
			},
			Certainty:   []string{Rule, Provider, Rule},
			Checklist:   []string{"负责人本人的手机（能收12381短信）", "负责人身份证（核验要用证件号后6位）", "接入商控制台账号"},
			ChecklistEN: []string{"The responsible person's own mobile (able to receive the 12381 SMS)", "The responsible person's ID card (the check asks for its last 6 digits)", "The access provider console account"},
			Letters:     []string{KindChecklist},
		},
		{
			ID: ScenarioRenamed, TitleZH: "单位更名（统一社会信用代码不变）", TitleEN: "The entity was renamed (same USCC)",
			StepsZH: []string{
				"只改了名称、统一社会信用代码不变的，是同一个主体：办理变更备案，备案号保留，网站在审核期间照常开放。不要注销后重新备案。",
				"先到域名注册商把域名持有人名称改成新名称（域名持有人须与备案主体一致）。",
				"在接入商控制台提交“变更主体信息”，上传更名后的营业执照；变更应提前30日办理，更名已生效的尽快办理。",
				checkZH,
				smsStepZH,
				"公安备案、经营许可证等登记了单位名称的，也分别办理名称变更。",
			},
			StepsEN: []string{
				"A new name with the same unified social credit code is the same entity: file a change (变更备案); the number is kept and the site stays online during the review. Do not cancel and file anew.",
				"First change the domain holder's name at the registrar (the domain holder must match the filing entity).",
				"Submit \"change entity information\" in the provider console with the renamed business licence; changes are filed 30 days ahead, or at once when the rename has already taken effect.",
				checkEN,
				smsStepEN,
				"Change the name on the 公安 record, the ICP licence and anything else that names the entity too.",
			},
			Certainty:   []string{Rule, Rule, Rule, Provider, Rule, Practice},
			Checklist:   []string{"更名后的营业执照", "市场监管部门的名称变更通知书（如有）", "域名持有人名称已变更的证明（注册商控制台截图）", "负责人身份证及本人手机", "接入商控制台账号"},
			ChecklistEN: []string{"The renamed business licence", "The name change notice of the market regulator (if any)", "Proof that the domain holder's name was changed (a screenshot of the registrar console)", "The responsible person's ID card and own mobile", "The access provider console account"},
			Letters:     []string{KindAgent, KindChecklist},
			NoteZH:      "来源：腾讯云文档《变更备案信息》：统一社会信用代码不变的更名属于变更备案。",
			NoteEN:      "Source: Tencent Cloud, changing filing information: a rename with the same USCC is a change of the filing.",
		},
		{
			ID: ScenarioEntity, TitleZH: "转让或新主体（统一社会信用代码变了）", TitleEN: "Transfer to another entity (a new USCC)",
			StepsZH: []string{
				"备案不能过户：网站转给另一个单位（统一社会信用代码不同），由新主体以自己的名义新办备案，得到新的备案号。",
				"同一个域名不能同时备案在两个主体名下：原主体须先注销该网站备案（或注销主体），新主体的备案才能通过。",
				"这意味着从原备案注销到新备案通过期间，网站必须关闭、不能对外访问。请提前安排，并告知用户。",
				"先把域名过户到新主体名下并完成实名认证，再由新主体通过接入商提交新备案。",
				goneZH,
				footerZH,
			},
			StepsEN: []string{
				"A filing cannot be transferred: when the site goes to another organisation (a different USCC), the new entity files in its own name and gets a new number.",
				"One domain cannot be filed under two entities at once: the old entity must cancel the site's filing (or the entity's) before the new filing can be approved.",
				"So the site must be offline from the cancellation until the new filing is approved. Plan for it and tell the users.",
				"Transfer the domain to the new entity and complete real-name verification first; then the new entity files through its provider.",
				goneEN,
				footerEN,
			},
			Certainty:   []string{Rule, Rule, Rule, Rule, Rule, Rule},
			Checklist:   []string{"新主体营业执照", "新主体负责人身份证及本人手机", "域名过户完成的证明（注册商控制台截图）", "原主体的注销备案申请（盖公章）", "情况说明（说明转让原因和时间）"},
			ChecklistEN: []string{"The new entity's business licence", "The new entity's responsible person's ID card and own mobile", "Proof that the domain transfer is done (a screenshot of the registrar console)", "The old entity's request to cancel the filing (sealed)", "A statement of circumstances (why and when the site was transferred)"},
			Letters:     []string{KindCancellation, KindSituation, KindChecklist},
			NoteZH:      "通信管理局审核最长20个工作日；网上“5–10个工作日”的说法没有官方出处。",
			NoteEN:      "The administration takes at most 20 working days; the often quoted \"5–10 working days\" has no official source.",
		},
		{
			ID: ScenarioLegalRep, TitleZH: "法定代表人变更", TitleEN: "A new legal representative",
			StepsZH: []string{
				"法定代表人换人后，营业执照会换发；备案中的主体信息须随之变更，备案号保留。",
				"在接入商控制台提交“变更主体信息”，上传新营业执照；原法定代表人同时是主体负责人的，一并变更主体负责人。变更应提前30日办理，已换人的尽快办理。",
				checkZH,
				smsStepZH,
				"以后的授权书、情况说明由新法定代表人签字；预签的旧授权书作废。",
			},
			StepsEN: []string{
				"A new legal representative means a new business licence; the entity information in the filing must follow, and the number is kept.",
				"Submit \"change entity information\" in the provider console with the new licence; if the former legal representative was also the entity owner (主体负责人), change that too. Changes are filed 30 days ahead, or at once when it has already happened.",
				checkEN,
				smsStepEN,
				"Letters are signed by the new legal representative from now on; pre-signed old authorisations are void.",
			},
			Certainty:   []string{Rule, Rule, Provider, Rule, Practice},
			Checklist:   []string{"新营业执照", "新法定代表人身份证", "新主体负责人身份证及本人手机（如变更）", "接入商控制台账号"},
			ChecklistEN: []string{"The new business licence", "The new legal representative's ID card", "The new entity owner's ID card and own mobile (if they change)", "The access provider console account"},
			Letters:     []string{KindAgent, KindChecklist},
		},
		{
			ID: ScenarioNewProvider, TitleZH: "更换接入商（服务器搬到另一家）", TitleEN: "Moving to another provider",
			StepsZH: []string{
				"网站换到另一家接入商的服务器时，在新接入商办理“接入备案”：备案号保留，不用重新备案。",
				"接入备案审核期间，备案信息不能同时变更；要改信息的，等接入备案完成后再办。",
				"新接入备案通过前，不要让原接入商的服务器到期、也不要把域名解析到新服务器以外的地方：原接入商可能取消接入，备案变成空壳被注销。",
				"全部网站迁走后，原接入商可能取消接入；确认新接入商已接入，再退订原产品。",
				smsStepZH,
			},
			StepsEN: []string{
				"When the site moves to another provider's servers, file 接入备案 (access filing) at the new provider: the number is kept, no new filing is needed.",
				"While the access filing is under review, the filing information cannot be changed; change it afterwards.",
				"Until the new access is approved, keep the old provider's product paid and the domain resolving to it: otherwise the old provider may withdraw access and the filing become an empty shell (空壳) and be cancelled.",
				"Once all sites have moved, the old provider may withdraw its access; cancel the old product only after the new access is confirmed.",
				smsStepEN,
			},
			Certainty:   []string{Rule, Rule, Rule, Provider, Rule},
			Checklist:   []string{"新接入商的账号和服务器（已购买）", "主体备案号、网站备案号", "负责人身份证及本人手机", "营业执照扫描件"},
			ChecklistEN: []string{"The new provider's account and a purchased server", "The entity and site filing numbers", "The responsible person's ID card and own mobile", "A scan of the business licence"},
			Letters:     []string{KindChecklist},
			NoteZH:      "来源：腾讯云文档《接入备案》。",
			NoteEN:      "Source: Tencent Cloud, access filing.",
		},
		{
			ID: ScenarioAccessLost, TitleZH: "被取消接入、账号被关闭或备案被注销", TitleEN: "Access withdrawn, account closed or filing cancelled",
			StepsZH: []string{
				lookupZH,
				"接入商产品到期、账号被关闭或域名不再解析到接入商，接入商会取消接入；没有接入的备案是“空壳”，通信管理局会清理注销。",
				"备案还在、只是没有接入：尽快在现在用的接入商办理接入备案（备案号保留）。",
				goneZH,
				"已被注销的：以原主体重新备案，期间网站不能访问。",
				footerZH,
			},
			StepsEN: []string{
				lookupEN,
				"When the provider's product lapses, the account is closed or the domain stops resolving to the provider, the provider withdraws access; a filing without access is an empty shell (空壳) that the administration cancels.",
				"Still filed but without access: file 接入备案 at the provider you use now, quickly (the number is kept).",
				goneEN,
				"Already cancelled: file anew as the same entity; the site must stay offline meanwhile.",
				footerEN,
			},
			Certainty:   []string{Rule, Rule, Rule, Rule, Rule, Rule},
			Checklist:   []string{"备案查询结果（beian.miit.gov.cn 截图）", "现用接入商的账号和服务器", "负责人身份证及本人手机", "营业执照扫描件"},
			ChecklistEN: []string{"The lookup result (a screenshot of beian.miit.gov.cn)", "The account and server at the provider you use now", "The responsible person's ID card and own mobile", "A scan of the business licence"},
			Letters:     []string{KindSituation, KindChecklist},
			NoteZH:      "来源：腾讯云文档《取消接入》《注销备案》；各省空壳清理公告。",
			NoteEN:      "Sources: Tencent Cloud, access withdrawal and cancellation; the provinces' empty-shell notices.",
		},
		{
			ID: ScenarioCancel, TitleZH: "注销备案（注销主体、注销网站、取消接入）", TitleEN: "Cancelling a filing",
			StepsZH: []string{
				"先选对办理哪一种：注销主体（该单位的全部网站一起注销）、注销网站（只注销一个网站）、取消接入（网站不再用这家接入商，备案本身还在，须尽快到别处接入）。",
				goneZH,
				"负责人手机能收短信的：在接入商控制台提交注销申请，完成12381短信核验。",
				"负责人手机已无法使用的：联系接入商备案客服，按其要求提交盖章的《注销备案申请》及材料（腾讯云要求：接入商账号ID、营业执照、法定代表人和经办人身份证、盖章的注销申请或声明）。",
				"不再使用的域名，主动注销其备案，不要等域名过期后被他人申请注销。",
			},
			StepsEN: []string{
				"First pick the right one: cancel the entity (all its sites), cancel one site, or withdraw access (the site leaves this provider; the filing stays and needs access elsewhere soon).",
				goneEN,
				"If the responsible person's phone receives SMS: submit the cancellation in the provider console and complete the 12381 SMS check.",
				"If that phone is gone: call the provider's filing support and send its materials with a sealed cancellation request (Tencent Cloud asks for the provider account ID, the business licence, the legal representative's and the applicant's IDs, and a sealed request or declaration).",
				"Cancel the filing of a domain you give up yourself, rather than letting a new registrant have it cancelled.",
			},
			Certainty:   []string{Rule, Rule, Rule, Provider, Rule},
			Checklist:   []string{"接入商账号ID、UID或登录名", "营业执照复印件（加盖公章）", "法定代表人身份证复印件", "经办人身份证复印件", "注销备案申请（盖公章）"},
			ChecklistEN: []string{"The provider account ID, UID or login", "A copy of the business licence with the company seal", "A copy of the legal representative's ID card", "A copy of the applicant's ID card", "The cancellation request (sealed)"},
			Letters:     []string{KindCancellation, KindChecklist},
			NoteZH:      "来源：腾讯云文档《注销备案》。",
			NoteEN:      "Source: Tencent Cloud, cancelling a filing.",
		},
		{
			ID: ScenarioMovedProvince, TitleZH: "单位迁到外省", TitleEN: "The entity moved to another province",
			StepsZH: []string{
				"备案归主体住所地的省通信管理局管理，不能跨省迁移。",
				"住所迁到外省后，注销原省的备案，再在新省份重新备案（新备案号以新省份简称开头）。",
				"同一域名不能同时备案在两处：从注销到新备案通过期间，网站必须关闭。",
				footerZH,
			},
			StepsEN: []string{
				"A filing belongs to the administration of the province where the entity is domiciled and cannot move across provinces.",
				"After moving the domicile, cancel the filing in the old province and file anew in the new one (the new number starts with the new province's character).",
				"A domain cannot be filed in two places at once: the site must be offline from the cancellation until the new filing is approved.",
				footerEN,
			},
			Certainty:   []string{Rule, Rule, Rule, Rule},
			Checklist:   []string{"迁址后的营业执照", "注销备案申请（盖公章）", "负责人身份证及本人手机", "接入商控制台账号"},
			ChecklistEN: []string{"The business licence with the new address", "The cancellation request (sealed)", "The responsible person's ID card and own mobile", "The access provider console account"},
			Letters:     []string{KindCancellation, KindChecklist},
			NoteZH:      "来源：腾讯云文档《变更备案信息》。",
			NoteEN:      "Source: Tencent Cloud, changing filing information.",
		},
		{
			ID: ScenarioProvince, TitleZH: "备案在外省", TitleEN: "The filing sits in another province",
			StepsZH: []string{
				"备案归主体住所地的省通信管理局管理（《非经营性互联网信息服务备案管理办法》第三条）；备案号的第一个字就是省份。",
				"现在的备案都通过接入商办理，外省备案也一样：联系接入商，由接入商向该省通信管理局提交。",
				"接入商要求书面说明时，写情况说明（致该省通信管理局），交给接入商。",
				"网上流传的“本人到陕西现场办理”“向湖北传真盖章说明”是2020年以前找回备案密码的做法，现在不适用。",
			},
			StepsEN: []string{
				"The filing belongs to the administration of the province where the entity is domiciled (Measures, Art. 3); the first character of the number names it.",
				"Filings are made through the access provider today, from any province: contact the provider, which submits to that province's administration.",
				"When the provider asks for a written statement, write a statement of circumstances (to that province's administration) and give it to the provider.",
				"Advice found online to go to Shaanxi in person or fax a sealed statement to Hubei dates from the password era before 2020 and no longer applies.",
			},
			Certainty:   []string{Rule, Rule, Provider, Practice},
			Checklist:   []string{"情况说明（致该省通信管理局，盖公章）", "营业执照复印件（加盖公章）", "法定代表人身份证复印件", "联系人、手机和邮箱", "主体备案号、网站备案号和域名"},
			ChecklistEN: []string{"A statement of circumstances (to that province's administration, sealed)", "A copy of the business licence with the company seal", "A copy of the legal representative's ID card", "A contact person, mobile and email", "The entity filing number, site filing numbers and domains"},
			Letters:     []string{KindSituation, KindChecklist},
		},
		{
			ID: ScenarioRegistrarMoved, TitleZH: "域名转到另一家注册商", TitleEN: "The domain moved to another registrar",
			StepsZH: []string{
				"域名持有人不变、在新注册商完成实名认证的，备案不用变更。",
				"转移后核对：持有人名称与备案主体一致，实名认证已通过，解析仍指向接入商的服务器。",
				"持有人变了（过户）的，按“转让或新主体”或“单位更名”办理。",
			},
			StepsEN: []string{
				"If the domain holder stays the same and is real-name verified at the new registrar, the filing needs no change.",
				"After the transfer, check: the holder's name matches the filing entity, real-name verification is done, and the domain still resolves to the provider's servers.",
				"If the holder changed, follow \"Transfer to another entity\" or \"The entity was renamed\".",
			},
			Certainty:   []string{Rule, Practice, Rule},
			Checklist:   []string{"新注册商的账号", "实名认证通过的截图", "域名解析记录"},
			ChecklistEN: []string{"The account at the new registrar", "A screenshot of the passed real-name verification", "The domain's DNS records"},
			Letters:     []string{KindChecklist},
			NoteZH:      "来源：腾讯云文档《域名过户》。",
			NoteEN:      "Source: Tencent Cloud, domain transfer.",
		},
		{
			ID: ScenarioLegacy, TitleZH: "2020年以前的备案密码记录", TitleEN: "Legacy pre-2020 password records",
			StepsZH: []string{
				noPasswordZH,
				"台账里的旧备案密码只作历史记录保留，不必再轮换，也不要照网上过时的“找回备案密码”教程操作。",
				"真正要维护的是：负责人的手机和身份证号、接入商控制台账号。",
				"旧网址 www.beian.miit.gov.cn 已停用，请使用 https://beian.miit.gov.cn。",
			},
			StepsEN: []string{
				noPasswordEN,
				"Keep old filing passwords in the ledger as history only; do not rotate them, and ignore outdated \"recover your filing password\" tutorials.",
				"What needs care now: the responsible people's mobiles and ID numbers, and the provider console account.",
				"The old address www.beian.miit.gov.cn no longer works; use https://beian.miit.gov.cn.",
			},
			Certainty:   []string{Rule, Practice, Rule, Rule},
			Checklist:   []string{"负责人手机号和身份证号（核对是否与备案一致）", "接入商控制台账号", "备案账号找回授权书（写明受托人和期限后签章）"},
			ChecklistEN: []string{"The responsible people's mobile and ID numbers (check they match the filing)", "The access provider console account", "An account recovery authorisation (signed once the agent and term are filled in)"},
			Letters:     []string{KindRecovery, KindKit},
		},
	}
}

// scenario returns the guide scenario with id, or nil.
func scenario(id string) *Scenario {
	for _, s := range Guide() {
		if s.ID == id {
			return &s
		}
	}
	return nil
}

// kindTitle is the Chinese title of a template kind.
func kindTitle(id string) string {
	for _, k := range kinds {
		if k.ID == id {
			return k.TitleZH
		}
	}
	return id
}
