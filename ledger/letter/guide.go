package letter

// Certainty of a guide step.
const (
	Rule     = "rule"     // an official or provider rule (domain.md [V])
	Practice = "practice" // common practice, or not officially confirmed ([O]/[U])
)

// Scenario is one path of the recovery guide.
type Scenario struct {
	ID      string
	TitleZH string
	TitleEN string
	// StepsZH and StepsEN are the same steps in Chinese and English.
	StepsZH []string
	StepsEN []string
	// Certainty has one entry per step: Rule or Practice.
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
	GuideStartZH = "先问一个问题：主体负责人或网站负责人登记的手机号现在能收到短信吗？能，按“负责人手机可用”办理；不能，先看“负责人已离职”。注意：工信部备案密码已于2020年8月17日停用，身份改由12381短信核验，须在24小时内完成。"
	GuideStartEN = "Start with one question: can the responsible person's registered mobile still receive SMS? If yes, follow \"Responsible person reachable\"; if not, start with \"Responsible person has left\". Note: MIIT abolished the filing password on 17 Aug 2020; identity is now checked by an SMS from 12381 that must be answered within 24 hours."
)

// Scenario ids.
const (
	ScenarioReachable   = "responsible-reachable"
	ScenarioAccountLost = "account-lost-provider-reachable"
	ScenarioLeft        = "responsible-left"
	ScenarioEntity      = "entity-changed"
	ScenarioProvince    = "other-province"
	ScenarioLegacy      = "legacy-password"
	smsStepZH           = "收到12381发来的短信后，24小时内登录 https://beian.miit.gov.cn 完成短信核验：输入手机号、本人证件号码后6位和短信里的6位验证码。短信最多可重发2次；连续输错5次，第6次会把申请退回。"
	smsStepEN           = "When the SMS from 12381 arrives, complete the check on https://beian.miit.gov.cn within 24 hours: enter the mobile number, the last 6 digits of the person's ID and the 6-digit code. The SMS can be resent at most twice; after 5 wrong entries the 6th sends the application back."
	noPasswordZH        = "工信部备案密码已于2020年8月17日停用，现在既不需要、也无法“找回备案密码”；核验身份靠负责人手机接收12381短信。"
	noPasswordEN        = "MIIT stopped using the filing password on 17 Aug 2020: there is nothing to recover. Identity is checked by an SMS from 12381 to the responsible person's phone."
)

// Guide returns the six recovery scenarios, in the order a person should
// consider them.
func Guide() []Scenario {
	return []Scenario{
		{
			ID: ScenarioReachable, TitleZH: "负责人手机可用", TitleEN: "Responsible person reachable",
			StepsZH: []string{
				"确认主体负责人或网站负责人登记的手机号仍在使用、能收到短信。",
				noPasswordZH,
				"登录接入商的备案控制台，提交需要办理的变更或新增备案。接入商初审约1个工作日，再用1–3个工作日提交到通信管理局。",
				smsStepZH,
				"通信管理局审核最长20个工作日（浙江30个工作日）；结果通常再过1–2个工作日显示在接入商控制台。",
			},
			StepsEN: []string{
				"Confirm the entity owner's or site owner's registered mobile is still in use and receives SMS.",
				noPasswordEN,
				"Log in to the access provider's filing console and submit the change or new filing. The provider's first review takes about 1 working day, plus 1–3 working days to pass it on to the administration.",
				smsStepEN,
				"The provincial administration takes at most 20 working days (Zhejiang 30); the result usually shows in the provider console 1–2 working days later.",
			},
			Certainty:   []string{Practice, Rule, Rule, Rule, Rule},
			Checklist:   []string{"负责人本人的手机（能收12381短信）", "负责人身份证（核验要用证件号后6位）", "接入商控制台账号", "营业执照（变更时上传扫描件）"},
			ChecklistEN: []string{"The responsible person's own mobile (able to receive the 12381 SMS)", "The responsible person's ID card (the check asks for its last 6 digits)", "The access provider console account", "The business licence (a scan is uploaded for a change)"},
			Letters:     []string{KindChecklist},
		},
		{
			ID: ScenarioAccountLost, TitleZH: "账号丢失，接入商可联系", TitleEN: "Account lost, provider reachable",
			StepsZH: []string{
				"备案是通过接入商办理的：要找回的是接入商控制台账号，不是工信部密码（2020年8月17日已停用）。",
				"先试接入商自己的账号找回（绑定手机、邮箱或实名认证）。",
				"找不回时联系接入商备案客服（例如腾讯云95716转3），按其要求提交材料：常见为加盖公章的营业执照复印件、法定代表人和经办人身份证、盖章的授权委托书。",
				"一般约1–3个工作日处理完毕，以接入商答复为准。",
				"拿回账号后核对负责人手机；需要变更的，按规定提前30日提交，并由负责人完成12381短信核验。",
			},
			StepsEN: []string{
				"The filing was made through the access provider: what you recover is the provider console account, not an MIIT password (abolished on 17 Aug 2020).",
				"First try the provider's own account recovery (bound mobile, email or real-name verification).",
				"If that fails, call the provider's filing support (e.g. Tencent Cloud 95716, option 3) and send what it asks for: usually a sealed copy of the business licence, the legal representative's and the agent's IDs, and a sealed letter of authorisation.",
				"This usually takes about 1–3 working days; the provider's answer decides.",
				"Once the account is back, check the responsible people's mobiles; file any change 30 days ahead and let the responsible person complete the 12381 SMS check.",
			},
			Certainty:   []string{Rule, Practice, Practice, Practice, Rule},
			Checklist:   []string{"营业执照复印件（加盖公章）", "法定代表人身份证复印件", "经办人（受托人）身份证原件及复印件", "授权委托书（盖公章、法定代表人签字）", "主体备案号、网站备案号和域名", "接入商客服电话和控制台网址"},
			ChecklistEN: []string{"A copy of the business licence with the company seal", "A copy of the legal representative's ID card", "The agent's ID card, original and copy", "The letter of authorisation (sealed, signed by the legal representative)", "The entity filing number, site filing numbers and domains", "The provider's support number and console address"},
			Letters:     []string{KindAgent, KindRecovery, KindChecklist},
			NoteZH:      "材料和时限各接入商不同，未见官方统一规定。",
			NoteEN:      "Materials and timing differ between providers; no official rule fixes them.",
		},
		{
			ID: ScenarioLeft, TitleZH: "负责人已离职或手机停用", TitleEN: "Responsible person has left",
			StepsZH: []string{
				"12381短信只发到登记的负责人手机。人已离职、号码停用，短信就收不到，所以第一步是变更备案、换上新的负责人。",
				"负责人和联系方式的变更应提前30日办理（《非经营性互联网信息服务备案管理办法》第十四条）。",
				"通过接入商提交变更：上传营业执照和新负责人身份证，接入商会为网站负责人拍照核验。",
				smsStepZH,
				"如能联系到原负责人，请其配合办理交接，并在变更完成前保留原号码。",
				"原负责人能看到的账号密码全部改掉（本账本会提醒“离职后轮换”）。",
			},
			StepsEN: []string{
				"The 12381 SMS goes only to the registered responsible person's mobile. If that person has left or the number is cancelled, no SMS arrives, so first change the filing to a new responsible person.",
				"Changes of responsible people and contact details must be filed 30 days in advance (Measures for non-commercial filings, Art. 14).",
				"Submit the change through the provider: upload the business licence and the new person's ID; the provider photographs the site owner.",
				smsStepEN,
				"If the former person can be reached, ask them to help with the hand-over and to keep the old number until the change is done.",
				"Change every password the former person could see (the ledger reminds you: rotation after offboarding).",
			},
			Certainty:   []string{Rule, Rule, Rule, Rule, Practice, Practice},
			Checklist:   []string{"营业执照扫描件", "新负责人身份证原件", "新负责人本人手机（能收12381短信）", "接入商控制台账号", "情况说明（原负责人无法联系时，盖公章）", "授权委托书（由他人代办时）"},
			ChecklistEN: []string{"A scan of the business licence", "The new responsible person's ID card (original)", "The new responsible person's own mobile (able to receive the 12381 SMS)", "The access provider console account", "A statement of circumstances (sealed, if the former person cannot be reached)", "A letter of authorisation (if someone else does the filing)"},
			Letters:     []string{KindSituation, KindAgent, KindChecklist},
		},
		{
			ID: ScenarioEntity, TitleZH: "主体变更（更名、注销、转让）", TitleEN: "The entity changed",
			StepsZH: []string{
				"备案不能直接“过户”：新主体以自己的名义新办备案，原主体注销原备案或删除该网站。",
				"域名持有人必须与备案主体一致，先把域名过户到新主体名下。",
				"安排好先后顺序，避免网站无备案期间对外提供服务；备案号一旦注销就无法恢复。",
				"通信管理局审核最长20个工作日；网上“5–10个工作日”的说法没有官方出处。",
			},
			StepsEN: []string{
				"A filing cannot be transferred: the new entity files in its own name and the old entity cancels its filing or removes the site.",
				"The domain holder must match the filing entity: transfer the domain to the new entity first.",
				"Plan the order so the site never serves without a filing; a cancelled number can never be restored.",
				"The administration takes at most 20 working days; the often quoted \"5–10 working days\" has no official source.",
			},
			Certainty:   []string{Practice, Rule, Rule, Rule},
			Checklist:   []string{"新主体营业执照", "新主体负责人身份证及本人手机", "域名过户完成的证明（注册商控制台截图）", "原主体的注销或删除网站申请", "情况说明（说明变更原因和时间）"},
			ChecklistEN: []string{"The new entity's business licence", "The new entity's responsible person's ID card and own mobile", "Proof that the domain transfer is done (a screenshot of the registrar console)", "The old entity's request to cancel the filing or remove the site", "A statement of circumstances (why and when the entity changed)"},
			Letters:     []string{KindSituation, KindAgent, KindChecklist},
		},
		{
			ID: ScenarioProvince, TitleZH: "备案在外省", TitleEN: "The filing sits in another province",
			StepsZH: []string{
				"备案归主体住所地的省通信管理局管理（《非经营性互联网信息服务备案管理办法》第三条）；备案号的第一个字就是省份。",
				"仍通过接入商办理；需要书面说明时，写情况说明，寄给或送到该省通信管理局。",
				"各省线下要求不同（如陕西曾要求本人到场，湖北曾接受盖章情况说明传真），办理前先打电话确认。",
			},
			StepsEN: []string{
				"The filing belongs to the administration of the province where the entity is domiciled (Measures, Art. 3); the first character of the number names it.",
				"Still work through the provider; when a written statement is needed, send or bring a statement of circumstances to that province's administration.",
				"Offline requirements differ by province (Shaanxi once wanted the form in person; Hubei once took a faxed, sealed statement): call first.",
			},
			Certainty:   []string{Rule, Practice, Practice},
			Checklist:   []string{"情况说明（致该省通信管理局，盖公章）", "营业执照复印件（加盖公章）", "法定代表人身份证复印件", "联系人、手机和邮箱", "主体备案号、网站备案号和域名"},
			ChecklistEN: []string{"A statement of circumstances (to that province's administration, sealed)", "A copy of the business licence with the company seal", "A copy of the legal representative's ID card", "A contact person, mobile and email", "The entity filing number, site filing numbers and domains"},
			Letters:     []string{KindSituation, KindChecklist},
		},
		{
			ID: ScenarioLegacy, TitleZH: "2020年以前的备案密码记录", TitleEN: "Legacy pre-2020 password records",
			StepsZH: []string{
				noPasswordZH,
				"账本里的旧备案密码只作历史记录保留，不必再轮换，也不要照网上过时的“找回备案密码”教程操作。",
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
			Checklist:   []string{"负责人手机号和身份证号（核对是否与备案一致）", "接入商控制台账号", "预签的备案账号找回授权书"},
			ChecklistEN: []string{"The responsible people's mobile and ID numbers (check they match the filing)", "The access provider console account", "A pre-signed account recovery authorisation"},
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
