package gui

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
)

// A 钉钉 channel added in Settings → Notifications, tested against a
// loopback robot that checks 加签; a refusal shows the platform's text.
func TestNotifyChannelAddTestRemove(t *testing.T) {
	var mu sync.Mutex
	reply := `{"errcode":0,"errmsg":"ok"}`
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		q := r.URL.Query()
		h := hmac.New(sha256.New, []byte("SEC-gui"))
		h.Write([]byte(q.Get("timestamp") + "\n" + "SEC-gui"))
		if q.Get("sign") != base64.StdEncoding.EncodeToString(h.Sum(nil)) || q.Get("access_token") != "tok" {
			fmt.Fprint(w, `{"errcode":310000,"errmsg":"sign not match"}`)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		got = append(got, string(body))
		fmt.Fprint(w, reply)
	}))
	defer srv.Close()

	h := openWith(t, i18n.ZH, nil)
	u := h.u
	u.main.show(navSettings)
	u.wait()
	f := u.main.settings.notify
	if len(f.rows) != 0 {
		t.Fatalf("%d channels in a new vault", len(f.rows))
	}
	test.Tap(f.add)
	c := f.dialog
	if c == nil {
		t.Fatal("no dialog")
	}
	c.kind.SetSelected(i18n.T(i18n.ZH, "notify.kind.dingtalk"))
	if !c.mailBox.Hidden || c.hookBox.Hidden {
		t.Error("robot fields not shown")
	}
	test.Type(c.label, "值班群")
	test.Type(c.url, "http://203.0.113.9/robot/send?access_token=tok")
	test.Tap(c.save)
	u.wait()
	if !c.msg.Visible() || !strings.Contains(c.msg.Text, "本机") {
		t.Fatalf("a plain-http URL to another host was accepted: %q", c.msg.Text)
	}
	c.url.SetText("")
	test.Type(c.url, srv.URL+"/robot/send?access_token=tok")
	test.Type(c.sign, "SEC-gui")
	test.Tap(c.save)
	u.wait()
	if f.dialog != nil || len(f.rows) != 1 || f.rows[0].ch.Config.Label != "值班群" {
		t.Fatalf("after save: dialog %v, rows %d, msg %q", f.dialog != nil, len(f.rows), c.msg.Text)
	}

	test.Tap(f.rows[0].test)
	u.wait()
	mu.Lock()
	n := len(got)
	mu.Unlock()
	if n != 1 || !strings.Contains(got[0], "测试消息") || f.msg.Importance != widget.SuccessImportance || !strings.Contains(f.msg.Text, "已向") {
		t.Fatalf("test message: %d posted, msg %q", n, f.msg.Text)
	}
	mu.Lock()
	reply = `{"errcode":300005,"errmsg":"token is not exist"}`
	mu.Unlock()
	test.Tap(f.rows[0].test)
	u.wait()
	if !strings.Contains(f.msg.Text, "token is not exist") || !strings.Contains(f.msg.Text, "失败") || strings.Contains(f.msg.Text, "tok&") {
		t.Errorf("platform error not shown: %q", f.msg.Text)
	}

	test.Tap(f.rows[0].remove)
	test.Tap(u.lastConfirm.ok)
	u.wait()
	if len(f.rows) != 0 {
		t.Errorf("%d rows after remove", len(f.rows))
	}
}
