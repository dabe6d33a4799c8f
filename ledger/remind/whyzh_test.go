package remind

import (
	"testing"

	"beianledger/ledger"
)

// TestWhyZHSentences pins the Chinese reason of one item of each rule,
// next to its English one, which stays as it was.
func TestWhyZHSentences(t *testing.T) {
	ents := []ledger.Entity{{Meta: ledger.Meta{ID: "e1"}, Name: "示例科技有限公司", ICPLicence: "京B2-20201234", Province: "北京市"}}
	tests := []struct {
		name   string
		in     Input
		today  string
		key    string
		why    string
		whyZH  string
		within int
	}{
		{name: "公安备案 after going live",
			in: Input{Sites: []ledger.SiteRow{mkSite("s1", func(s *ledger.SiteRow) {
				s.PSBNumber, s.WentLive, s.FirstFiled, s.LastChecked = "", d("2019-05-27"), d("2019-05-20"), d("2019-06-01")
			})}},
			today: "2019-06-10", key: "psb-filing/s1",
			why:   "the site went live on 2019-05-27 and no 公安备案号 is recorded; 公安联网备案 is due within 30 days of going live",
			whyZH: "网站于2019年5月27日上线，但没有记录公安备案号；公安联网备案须在上线后30日内办理。"},
		{name: "公安备案 date without its number, go-live unknown",
			in: Input{Sites: []ledger.SiteRow{mkSite("s1", func(s *ledger.SiteRow) {
				s.PSBNumber, s.WentLive, s.FirstFiled, s.PSBDate = "", ledger.Date{}, d("2026-10-08"), d("2026-10-20")
			})}},
			today: "2026-11-24", key: "psb-filing/s1",
			why: "the site was filed (go-live date unknown) on 2026-10-08 and no 公安备案号 is recorded; 公安联网备案 is due within 30 days of going live" +
				"; a 公安备案 date (2026-10-20) is recorded without its number: record the number",
			whyZH: "网站于2026年10月8日办理了ICP备案（上线日期不详），但没有记录公安备案号；公安联网备案须在上线后30日内办理" +
				"；已记录公安备案日期（2026年10月20日），但没有备案号：请补填备案号。"},
		{name: "status check this quarter, one check in the future",
			in:    Input{Sites: []ledger.SiteRow{mkSite("s1")}, Checks: []ledger.StatusCheck{check("2026-11-02"), check("2027-05-01")}},
			today: "2027-03-31", key: "status-check/s1/2027Q1",
			why:   "quarterly status check (house policy) for Q1 2027 (2027-01-01 to 2027-03-31); last check 2026-11-02; a check dated 2027-05-01 is after today and was not counted",
			whyZH: "按内部规定每季度检查一次备案状态，本季度为2027年第1季度（2027年1月1日至2027年3月31日）；上次检查于2026年11月2日；另有一条2027年5月1日的检查记录晚于今天，未计入。"},
		{name: "status check missed last quarter",
			in:    Input{Sites: []ledger.SiteRow{mkSite("s1")}},
			today: "2027-01-05", key: "status-check/s1/2026Q4",
			// Was "logged in Q4 2026 runs 2026-10-01 to 2026-12-31 or since".
			why:   "no status check was logged in Q4 2026 (2026-10-01 to 2026-12-31) or since; no check is logged yet",
			whyZH: "2026年第4季度（2026年10月1日至2026年12月31日）及之后都没有记录备案状态检查；尚未记录过检查。"},
		{name: "rotation without an interval",
			in:    Input{Sites: []ledger.SiteRow{mkSite("s1")}, Credentials: []ledger.Credential{cred(func(c *ledger.Credential) { c.LastRotated, c.RotationMonths = d("2026-01-31"), 0 })}},
			today: "2026-04-30", key: "rotation/c1/2026-04-30",
			why:   "last rotated 2026-01-31, every 3 months by house policy (no rotation interval is set, so the house default of 3 months is used)",
			whyZH: "上次更换于2026年1月31日，按内部规定每3个月更换一次（未设置轮换周期，按内部规定的默认周期3个月计算）。"},
		{name: "rotation date in the future, interval out of range",
			in:    Input{Sites: []ledger.SiteRow{mkSite("s1")}, Credentials: []ledger.Credential{cred(func(c *ledger.Credential) { c.LastRotated, c.RotationMonths = d("2027-02-01"), 30 })}},
			today: "2026-11-24", key: "rotation/c1/invalid-2027-02-01",
			why:   "the last-rotated date 2027-02-01 is after today: correct it or rotate now; every 3 months by house policy (the rotation interval of 30 months is outside 1–24, so the house default of 3 months is used)",
			whyZH: "记录的上次更换日期2027年2月1日晚于今天：请更正该日期或立即更换；此后按内部规定每3个月更换一次（轮换周期30个月不在1–24个月之内，按内部规定的默认周期3个月计算）。"},
		{name: "rotation after removing someone",
			in:    Input{Sites: []ledger.SiteRow{mkSite("s1")}, Credentials: []ledger.Credential{cred(func(c *ledger.Credential) { c.RotateNow = true })}},
			today: "2026-12-10", key: "offboarding-rotation/c1/2026-12-01",
			why:   "someone who could read this secret was removed from the vault; house policy: change it now (last rotated 2026-12-01)",
			whyZH: "能看到此密码的人已被取消台账的访问权限，按内部规定应立即更换（上次更换于2026年12月1日）。"},
		{name: "contact left",
			in: Input{Sites: []ledger.SiteRow{mkSite("s1")}, Contacts: []ledger.Contact{{Meta: ledger.Meta{ID: "p1"}, Name: "张三",
				Role: ledger.RoleSiteOwner, End: d("2026-11-20"), EntityID: "e1", SiteIDs: []string{"s1"}}}},
			today: "2026-11-24", key: "contact-change/p1/s1/2026-11-20",
			// 33号令 Art. 14: changes are filed 30 days ahead; there is no
			// 30-day grace after leaving (the old text offered one).
			why:   "张三 (site owner) left on 2026-11-20 and is still named in this filing: the change was due 30 days ahead (2026-10-21); file it now, while the 12381 check can still reach a responsible person",
			whyZH: "网站负责人张三已于2026年11月20日离职，本备案中仍登记着此人：备案信息变更本应提前30日（2026年10月21日前）办理；人已离职的，请尽快办理，趁12381短信核验还能联系到负责人。"},
		{name: "entity owner leaving, no name recorded",
			in: Input{Entities: ents, Contacts: []ledger.Contact{{Meta: ledger.Meta{ID: "p1"},
				Role: ledger.RoleEntityOwner, End: d("2026-12-15"), EntityID: "e1"}}},
			today: "2026-11-24", key: "contact-change/p1/e1/2026-12-15",
			why:   "a contact (entity owner) leaves on 2026-12-15 and is named in this filing: file the change 30 days ahead, by 2026-11-15; that day has passed: file it now",
			whyZH: "主体负责人将于2026年12月15日离职，本备案中登记着此人：备案信息变更须提前30日办理（2026年11月15日前），现已逾期，请尽快办理。"},
		{name: "licence renewal",
			in:    Input{Sites: []ledger.SiteRow{mkSite("s1", func(s *ledger.SiteRow) { s.Licence, s.LicenceExpiry = "京B2-20201234", d("2027-01-31") })}},
			today: "2026-11-24", key: "licence-renewal/s1/2027-01-31",
			// 《电信业务经营许可管理办法》: "应当提前90日…提出延续经营许可证的申请";
			// the old text said "from 90 days before expiry".
			why:   "京B2-20201234 expires on 2027-01-31 (licences are valid 5 years); the renewal must be applied for at least 90 days before expiry, by 2026-11-02: a licence not applied for by then is not renewed; that day has passed: ask the issuing 通信管理局 at once what can still be done",
			whyZH: "经营许可证京B2-20201234的到期日为2027年1月31日（有效期5年）；须在到期前至少90日、即2026年11月2日前向原发证机关申请延续，逾期申请的，有效期届满不予延续；申请期限已过：请立即联系原发证的通信管理局，确认还能如何办理。"},
		{name: "domain, 7-day reminder",
			in:    Input{Sites: []ledger.SiteRow{mkSite("s1", func(s *ledger.SiteRow) { s.DomainExpiry = d("2026-12-01") })}},
			today: "2026-11-24", key: "domain-expiry/s1/2026-12-01",
			why:   "the domain registration of s1.example.cn ends on 2026-12-01; reminders 60, 30 and 7 days before; this is the 7-day reminder",
			whyZH: "域名s1.example.cn的注册到期日为2026年12月1日；到期前60天、30天和7天各提醒一次；这是到期前7天的提醒。"},
		{name: "domain expired",
			in:    Input{Sites: []ledger.SiteRow{mkSite("s1", func(s *ledger.SiteRow) { s.DomainExpiry = d("2026-11-01") })}},
			today: "2026-11-24", key: "domain-expiry/s1/2026-11-01",
			why:   "the domain registration of s1.example.cn ends on 2026-11-01; reminders 60, 30 and 7 days before; it has expired: renew it, or cancel the filing yourself (a new registrant can have it cancelled)",
			whyZH: "域名s1.example.cn的注册到期日为2026年11月1日；到期前60天、30天和7天各提醒一次；域名已过期：请续费，或自行注销备案（域名被他人注册后，新注册人可以申请注销此备案）。"},
		{name: "SSL, one lead",
			in: Input{Sites: []ledger.SiteRow{mkSite("s1", func(s *ledger.SiteRow) { s.SSLExpiry = d("2026-12-01") })},
				Lead: Lead{ExpiryDays: []int{14}}},
			today: "2026-11-24", key: "ssl-expiry/s1/2026-12-01",
			why:   "the SSL certificate of s1.example.cn expires on 2026-12-01; reminders 14 days before; this is the 14-day reminder",
			whyZH: "s1.example.cn的SSL证书到期日为2026年12月1日；到期前14天提醒一次；这是到期前14天的提醒。"},
		{name: "licence annual report",
			in:    Input{Entities: ents},
			today: "2027-02-01", key: "licence-report/e1/2027",
			// 42号令 Art. 35, 38: a missed report first gets a deadline to
			// report late, then the 不良名单.
			why:   "the holder of 京B2-20201234 files the annual report on 2026 between 2027-01-10 and 2027-03-31 at dxzhgl.miit.gov.cn; a missed report gets a deadline to report late, then the 不良名单",
			whyZH: "经营许可证京B2-20201234的持证单位须在2027年1月10日至2027年3月31日期间登录dxzhgl.miit.gov.cn报送2026年度年报；逾期未报的，先被责令限期补报，仍不报送的列入不良名单。"},
		{name: "provincial review with impossible dates",
			in: Input{Sites: []ledger.SiteRow{mkSite("s1", func(s *ledger.SiteRow) { s.Province = "鄂" })},
				Reviews: []ProvincialReview{{Province: "鄂", FromMonth: 13, FromDay: 0, ToMonth: 2, ToDay: 31}}},
			today: "2027-02-28", key: "provincial-review/s1/2027-01-01",
			why: "review window of 鄂 (湖北省) from 01-01 to 02-29, repeated every year as you set it; provinces announce reviews as one-off campaigns (湖北 held one in 2020), so check the 管局's notices" +
				"; this window runs 2027-01-01 to 2027-02-28; the review window has an impossible month 13, day 0, day 31 of month 2 and was adjusted: check the review settings",
			whyZH: "您设置的鄂（湖北省）核查期为每年1月1日至2月29日；各省核查以通信管理局当次通知为准（湖北曾于2020年开展一次），并非每年固定举行；本期为2027年1月1日至2027年2月28日；核查期设置中的13月、0日、2月31日不存在，已自动调整：请检查设置。"},
		{name: "provincial review over New Year, province as typed",
			in: Input{Sites: []ledger.SiteRow{mkSite("s1", func(s *ledger.SiteRow) { s.Province, s.Number = "本地", "" })},
				Reviews: []ProvincialReview{{Province: "本地", FromMonth: 12, FromDay: 1, ToMonth: 1, ToDay: 31}}},
			today: "2027-01-31", key: "provincial-review/s1/2026-12-01",
			why:   "review window of 本地 from 12-01 to 01-31, repeated every year as you set it; provinces announce reviews as one-off campaigns (湖北 held one in 2020), so check the 管局's notices; this window runs 2026-12-01 to 2027-01-31",
			whyZH: "您设置的本地核查期为每年12月1日至次年1月31日；各省核查以通信管理局当次通知为准（湖北曾于2020年开展一次），并非每年固定举行；本期为2026年12月1日至2027年1月31日。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := find(t, Due(tt.in, d(tt.today), tt.within), tt.key)
			if it.Why != tt.why {
				t.Errorf("Why\n got %q\nwant %q", it.Why, tt.why)
			}
			if it.WhyZH != tt.whyZH {
				t.Errorf("WhyZH\n got %q\nwant %q", it.WhyZH, tt.whyZH)
			}
		})
	}
}

// TestContactSubjectZHWithoutName names a contact without a name by its
// role alone in Chinese, not by the English "a contact".
func TestContactSubjectZHWithoutName(t *testing.T) {
	in := Input{Entities: []ledger.Entity{{Meta: ledger.Meta{ID: "e1"}, Name: "示例科技有限公司"}},
		Contacts: []ledger.Contact{{Meta: ledger.Meta{ID: "p1"}, Role: ledger.RoleEntityOwner, End: d("2026-12-15"), EntityID: "e1"}}}
	it := find(t, Due(in, d("2026-11-24"), 0), "contact-change/p1/e1/2026-12-15")
	if want := "变更备案信息（主体负责人将于2026年12月15日离职）：示例科技有限公司"; it.SubjectZH != want {
		t.Errorf("SubjectZH %q, want %q", it.SubjectZH, want)
	}
}

// TestWhyZHCalendar checks the calendar's recurring status check, which
// has a reason of its own.
func TestWhyZHCalendar(t *testing.T) {
	in := Input{Sites: []ledger.SiteRow{mkSite("s1")}, Checks: []ledger.StatusCheck{check("2026-11-02")}}
	it := find(t, ItemsForCalendar(in, d("2027-01-01"), 3), "status-check/s1/2027Q1")
	if want := "按内部规定每季度检查一次备案状态；上次检查于2026年11月2日。"; it.WhyZH != want {
		t.Errorf("WhyZH %q, want %q", it.WhyZH, want)
	}
}
