package vault

import (
	"database/sql"
	"fmt"
	"strings"
)

// FillSynthetic adds n rows of about 2 KB each — a site's worth of ledger
// text — to a scratch table. Benchmarks and the bench/ script use it to
// measure open and save at realistic sizes before any real data exists.
func FillSynthetic(tx *sql.Tx, n int) error {
	if _, err := tx.Exec(`CREATE TABLE IF NOT EXISTS synthetic (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`); err != nil {
		return err
	}
	st, err := tx.Prepare(`INSERT INTO synthetic(body) VALUES (?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	var b strings.Builder
	for b.Len() < 2000-9 {
		b.WriteString("北京示例科技有限公司 京ICP备2021012345号-1 www.example.cn 阿里云 张三 13800138000 ")
	}
	base := b.String()
	for i := 0; i < n; i++ {
		if _, err := st.Exec(fmt.Sprintf("%08d %s", i, base)); err != nil {
			return err
		}
	}
	return nil
}
