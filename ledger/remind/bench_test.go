package remind

import (
	"fmt"
	"testing"
	"time"

	"beianledger/ledger"
)

// benchInput builds n sites, each with 2 credentials, 2 contacts and one
// status check, spread over the calendar so that every rule fires for
// some of them.
func benchInput(n int) Input {
	base := d("2024-01-01")
	in := Input{Lead: DefaultLead(),
		Reviews: []ProvincialReview{{Province: "鄂", FromMonth: 1, FromDay: 15, ToMonth: 4, ToDay: 15}}}
	provinces := []string{"京", "鄂", "沪", "粤", "蜀"}
	for e := 0; e < max(1, n/10); e++ {
		in.Entities = append(in.Entities, ledger.Entity{Meta: ledger.Meta{ID: fmt.Sprintf("e%d", e)},
			Name: fmt.Sprintf("示例公司%d", e), ICPLicence: map[bool]string{true: "京B2-1"}[e%3 == 0]})
	}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("site-%05d", i)
		day := base.AddDays(i % 1200)
		s := ledger.SiteRow{Site: ledger.Site{
			Meta:     ledger.Meta{ID: id, CreatedAt: base.Time()},
			EntityID: fmt.Sprintf("e%d", i%max(1, n/10)), Number: fmt.Sprintf("京ICP备%08d号-1", i),
			Name: "站点" + id, Domains: []string{id + ".example.cn"}, Status: ledger.StatusNormal,
			Province: provinces[i%len(provinces)], FirstFiled: day, WentLive: day,
			DomainExpiry: day.AddDays(400), SSLExpiry: day.AddDays(200),
		}}
		if i%4 != 0 {
			s.PSBNumber = "京公网安备1号"
		}
		if i%7 == 0 {
			s.Licence, s.LicenceExpiry = "京B2-1", day.AddDays(1000)
		}
		in.Sites = append(in.Sites, s)
		in.Checks = append(in.Checks, ledger.StatusCheck{Meta: ledger.Meta{ID: "k" + id}, SiteID: id, Date: day.AddDays(300)})
		for j := 0; j < 2; j++ {
			in.Credentials = append(in.Credentials, ledger.Credential{Meta: ledger.Meta{ID: fmt.Sprintf("c%s-%d", id, j)},
				System: ledger.SystemProvider, SiteID: id, Login: "ops", LastRotated: day.AddMonths(j * 5), RotationMonths: 3 + j*3,
				RotateNow: i%97 == 0 && j == 0})
			c := ledger.Contact{Meta: ledger.Meta{ID: fmt.Sprintf("p%s-%d", id, j)}, Name: "张三", Role: ledger.RoleSiteOwner,
				EntityID: s.EntityID, SiteIDs: []string{id}}
			if i%11 == 0 && j == 1 {
				c.End = day.AddDays(500)
			}
			in.Contacts = append(in.Contacts, c)
		}
		if i%5 == 0 {
			in.States = append(in.States, State{Key: "status-check/" + id + "/2027Q1", SnoozedUntil: d("2027-04-01")})
		}
	}
	return in
}

func BenchmarkDue(b *testing.B) {
	today := ledger.DateOf(time.Date(2027, 3, 31, 12, 0, 0, 0, ledger.Shanghai))
	for _, n := range []int{100, 1000, 10000} {
		in := benchInput(n)
		b.Run(fmt.Sprintf("sites=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var items int
			for b.Loop() {
				items = len(Due(in, today, 30))
			}
			b.ReportMetric(float64(items), "items")
		})
	}
}

func BenchmarkItemsForCalendar(b *testing.B) {
	in := benchInput(10000)
	for b.Loop() {
		ItemsForCalendar(in, d("2027-03-31"), 12)
	}
}
