package vault

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"beianledger/ledger"
)

func TestChannelsSealedAndRemoved(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.beianvault")
	key := NewPassphrase([]byte("pw"), TestKDF)
	v, err := Create(path, key, "admin", Options{KeepBackups: -1})
	if err != nil {
		t.Fatal(err)
	}
	st := v.Store()
	ch := ledger.Channel{Config: `{"kind":"dingtalk","label":"值班群"}`}
	err = st.Write(func(w ledger.Writer) error {
		return w.(ledger.ChannelWriter).PutChannel(&ch, []byte(`{"url":"https://oapi.dingtalk.com/robot/send?access_token=TOKEN-XYZ"}`))
	})
	if err != nil || ch.ID == "" {
		t.Fatal(err)
	}
	// Renaming keeps the sealed secret.
	ch.Config = `{"kind":"dingtalk","label":"运维群"}`
	if err := st.Write(func(w ledger.Writer) error { return w.(ledger.ChannelWriter).PutChannel(&ch, nil) }); err != nil {
		t.Fatal(err)
	}
	v.Lock()

	// The token is not in the database image in clear, and a read-only
	// open (a scheduled run while a window holds the lock) reads it.
	v, err = Open(path, key, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	img, err := serialize(v.db)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(img), "TOKEN-XYZ") {
		t.Error("webhook token in clear in the database")
	}
	chs, err := v.Store().(ledger.ChannelReader).Channels()
	if err != nil || len(chs) != 1 || !strings.Contains(chs[0].Config, "运维群") || !chs[0].HasSecret {
		t.Fatalf("%v %+v", err, chs)
	}
	sec, err := v.Store().(ledger.ChannelReader).ChannelSecret(ch.ID)
	if err != nil || !strings.Contains(string(sec), "TOKEN-XYZ") {
		t.Fatalf("%v %q", err, sec)
	}
	// A sealed secret moved to another channel's row does not open.
	var value string
	v.db.QueryRow(`SELECT value FROM setting WHERE key = ?`, channelPrefix+ch.ID).Scan(&value)
	v.db.Exec(`INSERT INTO setting(key, value, updated_at, updated_by) VALUES (?,?,'','')`, channelPrefix+"other", value)
	if _, err := v.Store().(ledger.ChannelReader).ChannelSecret("other"); !errors.Is(err, ErrDamaged) {
		t.Errorf("moved secret: %v", err)
	}
	v.Lock()

	v, err = Open(path, key, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	if err := v.Store().Write(func(w ledger.Writer) error { return w.(ledger.ChannelWriter).DeleteChannel(ch.ID) }); err != nil {
		t.Fatal(err)
	}
	if chs, _ := v.Store().(ledger.ChannelReader).Channels(); len(chs) != 0 {
		t.Errorf("after delete: %+v", chs)
	}
	img, _ = serialize(v.db)
	var n int
	v.db.QueryRow(`SELECT count(*) FROM audit WHERE action LIKE 'channel.%'`).Scan(&n)
	if n != 3 {
		t.Errorf("%d audit lines", n)
	}
	if _, err := v.Store().(ledger.ChannelReader).ChannelSecret(ch.ID); !errors.Is(err, ledger.ErrNotFound) {
		t.Errorf("deleted: %v", err)
	}
}
