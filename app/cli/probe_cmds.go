package cli

import (
	"context"
	"fmt"
	"slices"

	"beianledger/internal/probe"
	"beianledger/ledger"
)

// probeSite is what `probe` found for one site.
type probeSite struct {
	Site    string      `json:"site"` // filing number
	SiteID  string      `json:"site_id"`
	Name    string      `json:"name"`
	Domains []string    `json:"domains"`
	Was     ledger.Date `json:"ssl_expiry_was"`
	// Expiry is the earliest expiry among the certificates read (zero
	// when none could be read); Recorded says it was written as the
	// site's SSL expiry.
	Expiry   ledger.Date `json:"ssl_expiry"`
	Recorded bool        `json:"recorded"`
}

type probeReport struct {
	DryRun  bool           `json:"dry_run"`
	Domains []probe.Result `json:"domains"`
	Sites   []probeSite    `json:"sites"`
	// Recorded counts sites whose SSL expiry changed; Failed counts
	// domains whose certificate could not be read or was refused.
	Recorded int `json:"recorded"`
	Failed   int `json:"failed"`
}

// cmdProbe reads the certificate each live site's domains serve and
// records the earliest expiry as the site's SSL expiry, so the SSL
// reminders follow what is deployed. A domain that fails is reported and
// the run goes on; the exit code is 0 unless the vault cannot be used.
func cmdProbe(c *ctx) error {
	if err := c.only("site", "dry-run"); err != nil {
		return err
	}
	if len(c.args) != 0 {
		return usagef("probe takes no arguments (use --site SITE for one site)")
	}
	dry := c.flag("dry-run")
	v, err := c.open(dry)
	if err != nil {
		return err
	}
	var sites []ledger.SiteRow
	err = v.Store().Read(func(r ledger.Reader) error {
		if s := c.str("site"); s != "" {
			row, err := r.FindSite(s)
			sites = []ledger.SiteRow{row}
			return err
		}
		sites, err = r.Sites()
		return err
	})
	if err != nil {
		return err
	}
	rep := probeReport{DryRun: dry}
	var domains []string
	seen := map[string]bool{}
	for _, s := range sites {
		if s.Status == ledger.StatusCancelled && c.str("site") == "" {
			continue
		}
		var ds []string
		for _, d := range s.Domains {
			if d = ledger.NormalizeDomain(d); d != "" && !slices.Contains(ds, d) {
				ds = append(ds, d)
			}
		}
		if len(ds) == 0 {
			continue
		}
		rep.Sites = append(rep.Sites, probeSite{Site: s.Number, SiteID: s.ID, Name: s.Name, Domains: ds, Was: s.SSLExpiry})
		for _, d := range ds {
			if !seen[d] {
				seen[d] = true
				domains = append(domains, d)
			}
		}
	}
	o := c.env.probe
	if o.Now == nil {
		o.Now = c.env.Now
	}
	rep.Domains = probe.Run(context.Background(), domains, o)
	byDomain := map[string]probe.Result{}
	for _, r := range rep.Domains {
		byDomain[r.Domain] = r
		if !r.OK {
			rep.Failed++
		}
	}
	var changed []int
	for i := range rep.Sites {
		ps := &rep.Sites[i]
		for _, d := range ps.Domains {
			if r := byDomain[d]; r.HasExpiry() {
				if e := ledger.DateOf(r.NotAfter); ps.Expiry.IsZero() || e.Before(ps.Expiry) {
					ps.Expiry = e
				}
			}
		}
		if !ps.Expiry.IsZero() && ps.Expiry != ps.Was {
			changed = append(changed, i)
		}
	}
	if !dry && len(changed) > 0 {
		err := v.Store().Write(func(w ledger.Writer) error {
			for _, i := range changed {
				s, err := w.Site(rep.Sites[i].SiteID)
				if err != nil {
					return err
				}
				s.SSLExpiry = rep.Sites[i].Expiry
				if err := w.PutSite(&s.Site); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, i := range changed {
			rep.Sites[i].Recorded = true
		}
	}
	rep.Recorded = len(changed)
	if c.json {
		if rep.Domains == nil {
			rep.Domains = []probe.Result{}
		}
		if rep.Sites == nil {
			rep.Sites = []probeSite{}
		}
		return c.printJSON(rep)
	}
	c.printProbe(rep, len(sites))
	return nil
}

func (c *ctx) printProbe(rep probeReport, nSites int) {
	w := c.out()
	if len(rep.Domains) == 0 {
		fmt.Fprintf(w, "没有可检测的域名（%d个网站都没有填写域名）/ no domains to probe (none of %d sites lists one)\n", nSites, nSites)
		return
	}
	for _, r := range rep.Domains {
		d := termSafe(r.Domain)
		switch {
		case r.OK:
			day := ledger.DateOf(r.NotAfter)
			fmt.Fprintf(w, "✓ %s  证书到期 %s（%s）/ certificate expires %s, issuer %s\n", d, day.Chinese(), termSafe(r.Issuer), day, termSafe(r.Issuer))
		default:
			fmt.Fprintf(w, "✗ %s  %s\n    %s\n", d, termSafe(r.ErrorZH), termSafe(r.Error))
		}
	}
	for _, s := range rep.Sites {
		if s.Expiry.IsZero() || s.Expiry == s.Was {
			continue
		}
		was, wasZH := "not recorded", "未记录"
		if !s.Was.IsZero() {
			was, wasZH = s.Was.String(), s.Was.Chinese()
		}
		verb, verbEN := "已记录", "recorded"
		if rep.DryRun {
			verb, verbEN = "将记录（试运行，未保存）", "would record (dry run, nothing saved)"
		}
		fmt.Fprintf(w, "%s %s：SSL证书到期 %s → %s %s / SSL expiry %s → %s %s\n", termSafe(s.Site), termSafe(s.Name), wasZH, s.Expiry.Chinese(), verb, was, s.Expiry, verbEN)
	}
	fmt.Fprintf(w, "检测了%d个域名，%d个失败；%d个网站的SSL到期日有更新 / probed %d domains, %d failed; SSL expiry updated for %d site(s)\n",
		len(rep.Domains), rep.Failed, rep.Recorded, len(rep.Domains), rep.Failed, rep.Recorded)
	if rep.Failed > 0 {
		fmt.Fprintln(w, "失败的域名不影响其他域名；请检查后再运行 / a failed domain does not affect the others; check it and run again")
	}
}
