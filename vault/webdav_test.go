package vault

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"beianledger/internal/davtest"
)

// davOpts gives each session its own cache folder, like two computers.
func davOpts(t *testing.T) Options {
	return Options{CacheDir: t.TempDir(), KnownDir: "-", LockTimeout: 1}
}

func davKey() Key { return NewPassphrase([]byte("共享口令"), TestKDF) }

func davCreds(t *testing.T, s *davtest.Server) {
	t.Setenv(WebDAVUserEnv, s.User)
	t.Setenv(WebDAVPasswordEnv, s.Pass)
}

func hasAudit(t *testing.T, v *Vault, summary string) bool {
	t.Helper()
	log, err := v.AuditLog(1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range log {
		if e.Summary == summary {
			return true
		}
	}
	return false
}

func remoteKind(err error) RemoteKind {
	var re *RemoteError
	if errors.As(err, &re) {
		return re.Kind
	}
	return ""
}

// Two computers save over each other's open vault: the second save gets
// 412, fetches the first one's, merges and puts the result; both changes
// are on the share.
func TestWebDAVConflictIsMerged(t *testing.T) {
	s := davtest.New(t)
	davCreds(t, s)
	u := s.URL("公司/备案台账.beianvault")
	if err := mkcol(s, "公司"); err != nil {
		t.Fatal(err)
	}
	a, err := Create(u, davKey(), "北京", davOpts(t))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Lock()
	if !a.Remote() || a.Path() != u {
		t.Fatalf("remote %v path %q", a.Remote(), a.Path())
	}
	b, err := Open(u, davKey(), davOpts(t))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Lock()
	if err := a.Audit("test.note", "", "北京的更改"); err != nil {
		t.Fatal(err)
	}
	if err := b.Audit("test.note", "", "上海的更改"); err != nil {
		t.Fatalf("the second save must merge, got %v", err)
	}
	if s.Refused.Load() == 0 {
		t.Fatal("no 412 was answered: the second save overwrote the first")
	}
	if b.LastMerge() == nil {
		t.Error("no merge reported")
	}
	c, err := Open(u, davKey(), Options{CacheDir: t.TempDir(), KnownDir: "-", ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Lock()
	for _, want := range []string{"北京的更改", "上海的更改"} {
		if !hasAudit(t, c, want) {
			t.Errorf("%q lost on the share", want)
		}
	}
	// A creates again at the same address: refused, nothing overwritten.
	before := s.File("公司/备案台账.beianvault")
	if _, err := Create(u, davKey(), "又一个", davOpts(t)); remoteKind(err) != RemoteExists {
		t.Errorf("create over an existing file: %v", err)
	}
	if !bytes.Equal(before, s.File("公司/备案台账.beianvault")) {
		t.Error("create replaced the vault on the share")
	}
}

func mkcol(s *davtest.Server, dir string) error {
	req, _ := http.NewRequest("MKCOL", s.URL(dir), nil)
	req.SetBasicAuth(s.User, s.Pass)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// A server without ETags: read-only open works, writing is refused.
func TestWebDAVWithoutETagIsReadOnly(t *testing.T) {
	s := davtest.New(t)
	davCreds(t, s)
	u := s.URL("v.beianvault")
	v, err := Create(u, davKey(), "管理员", davOpts(t))
	if err != nil {
		t.Fatal(err)
	}
	v.Lock()
	s.NoETag.Store(true)
	if _, err := Open(u, davKey(), davOpts(t)); remoteKind(err) != RemoteNoETag {
		t.Fatalf("open for writing without ETags: %v", err)
	}
	o := davOpts(t)
	o.ReadOnly = true
	r, err := Open(u, davKey(), o)
	if err != nil {
		t.Fatalf("read-only open: %v", err)
	}
	r.Lock()
}

// Wrong credentials and a full share: clear errors, the vault on the share
// unchanged, the change kept in the session and reported as not saved.
func TestWebDAVAuthAndQuotaLoseNothing(t *testing.T) {
	s := davtest.New(t)
	davCreds(t, s)
	u := s.URL("v.beianvault")
	v, err := Create(u, davKey(), "管理员", davOpts(t))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	before := s.File("v.beianvault")

	s.FailPut.Store(http.StatusInsufficientStorage)
	err = v.Audit("test.note", "", "满了")
	if remoteKind(err) != RemoteQuota || !errors.Is(err, ErrSaveFailed) || !strings.Contains(err.Error(), "NOT saved") {
		t.Fatalf("507: %v", err)
	}
	s.FailPut.Store(0)
	s.Pass = "changed"
	err = v.Audit("test.note", "", "口令错")
	if remoteKind(err) != RemoteAuth || !errors.Is(err, ErrSaveFailed) {
		t.Fatalf("401: %v", err)
	}
	if !bytes.Equal(before, s.File("v.beianvault")) {
		t.Fatal("the vault on the share changed")
	}
	for _, want := range []string{"满了", "口令错"} {
		if !hasAudit(t, v, want) {
			t.Errorf("%q lost from the session", want)
		}
	}
	// The share back: the next save carries both.
	s.Pass = "app-password"
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	o := davOpts(t)
	o.ReadOnly = true
	r, err := Open(u, davKey(), o)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Lock()
	if !hasAudit(t, r, "满了") || !hasAudit(t, r, "口令错") {
		t.Error("changes kept in the session did not reach the share")
	}
	// Opening with wrong credentials says so (and does not fall back).
	t.Setenv(WebDAVPasswordEnv, "wrong")
	if _, err := Open(u, davKey(), davOpts(t)); remoteKind(err) != RemoteAuth {
		t.Errorf("open with a wrong password: %v", err)
	}
}

// The share out of reach or behind a captive portal: the copy on this
// computer opens, and a reader's write says why it cannot be saved.
func TestWebDAVOfflineOpensCacheReadOnly(t *testing.T) {
	s := davtest.New(t)
	davCreds(t, s)
	u := s.URL("v.beianvault")
	o := davOpts(t)
	v, err := Create(u, davKey(), "管理员", o)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Audit("test.note", "", "离线前"); err != nil {
		t.Fatal(err)
	}
	v.Lock()
	s.Portal.Store(true)
	w, err := Open(u, davKey(), o)
	if err != nil {
		t.Fatalf("behind a portal: %v", err)
	}
	if remoteKind(w.Offline()) != RemoteNotVault || !hasAudit(t, w, "离线前") {
		t.Errorf("offline %v", w.Offline())
	}
	w.Lock()
	ro := o
	ro.ReadOnly = true
	if w, err = Open(u, davKey(), ro); err != nil {
		t.Fatal(err)
	}
	if err := w.Audit("test.note", "", "离线时"); remoteKind(err) != RemoteOffline || !errors.Is(err, ErrReadOnly) {
		t.Errorf("write to a read-only offline session: %v", err)
	}
	w.Lock()
	s.Close()
	w, err = Open(u, davKey(), o)
	if err != nil {
		t.Fatalf("share down: %v", err)
	}
	if remoteKind(w.Offline()) != RemoteNetwork || !hasAudit(t, w, "离线前") {
		t.Errorf("offline %v", w.Offline())
	}
	w.Lock()
	// Without a copy there is nothing to show: the error.
	if _, err := Open(u, davKey(), davOpts(t)); remoteKind(err) != RemoteNetwork {
		t.Errorf("no copy, share down: %v", err)
	}
}

func TestWebDAVRefusesPlainHTTPElsewhere(t *testing.T) {
	for _, u := range []string{"http://dav.example.com/v.beianvault", "http://10.0.0.1/v.beianvault"} {
		if _, err := Open(u, davKey(), davOpts(t)); remoteKind(err) != RemoteInsecure {
			t.Errorf("%s: %v", u, err)
		}
	}
	for _, u := range []string{"https://u:secret@dav.example.com/v.beianvault", "https://dav.example.com/dav/"} {
		if _, err := Open(u, davKey(), davOpts(t)); remoteKind(err) != RemoteBadURL {
			t.Errorf("%s: %v", u, err)
		}
	}
	// An https server whose certificate is not trusted is refused.
	ts := httptest.NewTLSServer(http.NotFoundHandler())
	defer ts.Close()
	if _, err := Open(ts.URL+"/v.beianvault", davKey(), davOpts(t)); remoteKind(err) != RemoteTLS {
		t.Errorf("untrusted certificate: %v", err)
	}
}

// The share test passes a proper server and names what a weak one lacks,
// leaving no test file behind; a share found unfit is then refused for
// writing on this computer until a test passes.
func TestWebDAVShareTest(t *testing.T) {
	s := davtest.New(t)
	davCreds(t, s)
	o := davOpts(t)
	for i, tc := range []struct {
		name string
		set  func(bool)
		want RemoteKind
	}{
		{"no ETag", s.NoETag.Store, RemoteNoETag},
		{"If-Match ignored", s.IgnoreIfMatch.Store, RemoteNoIfMatch},
		{"proper", func(bool) {}, ""},
	} {
		u := s.URL(fmt.Sprintf("v%d.beianvault", i))
		tc.set(true)
		checks, err := TestRemote(u, o)
		tc.set(false)
		if remoteKind(err) != tc.want {
			t.Errorf("%s: %v (%+v)", tc.name, err, checks)
		}
		if ents, _ := os.ReadDir(s.Dir); len(ents) != 0 {
			t.Errorf("%s: left %s on the share", tc.name, ents[0].Name())
		}
		v, err := Create(u, davKey(), "管理员", o)
		if remoteKind(err) != tc.want {
			t.Errorf("%s: create after the test: %v", tc.name, err)
		}
		if err == nil {
			v.Lock()
		}
	}
	t.Setenv(WebDAVPasswordEnv, "wrong")
	if _, err := TestRemote(s.URL("v.beianvault"), Options{}); remoteKind(err) != RemoteAuth {
		t.Errorf("wrong password: %v", err)
	}
}

// An unchanged vault is not downloaded again (304 on the ETag kept beside
// the copy), and that ETag is never believed for another version of the
// copy.
func TestWebDAVUnchangedIsNotFetchedAgain(t *testing.T) {
	s := davtest.New(t)
	davCreds(t, s)
	u := s.URL("v.beianvault")
	o := davOpts(t)
	v, err := Create(u, davKey(), "管理员", o)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Audit("test.note", "", "第一次"); err != nil {
		t.Fatal(err)
	}
	cache := v.path
	v.Lock()
	older, _ := ListBackups(cache)
	w, err := Open(u, davKey(), o)
	if err != nil {
		t.Fatal(err)
	}
	if s.NotModified.Load() != 1 || !hasAudit(t, w, "第一次") {
		t.Fatalf("%d answers 304", s.NotModified.Load())
	}
	w.Lock()
	// The copy replaced by an older version, its ETag file left: the
	// share's version is fetched, not the old copy believed current.
	if len(older) == 0 {
		t.Fatal("no backup of the copy")
	}
	data, _ := os.ReadFile(older[0].Path)
	os.WriteFile(cache, data, 0o600)
	gets := s.Gets.Load()
	w, err = Open(u, davKey(), o)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Lock()
	if !hasAudit(t, w, "第一次") || s.Gets.Load()-gets != 2 {
		t.Errorf("an old copy was taken for the share's version (%d GETs)", s.Gets.Load()-gets)
	}
	if err := w.Audit("test.note", "", "第二次"); err != nil {
		t.Fatal(err)
	}
}

// Changes made while the share is out of reach wait in the copy on this
// computer and go up, merged with what others saved meanwhile, at the
// next open that reaches it.
func TestWebDAVOfflineChangesMergeWhenBack(t *testing.T) {
	s := davtest.New(t)
	davCreds(t, s)
	u := s.URL("v.beianvault")
	here, there := davOpts(t), davOpts(t)
	v, err := Create(u, davKey(), "北京", here)
	if err != nil {
		t.Fatal(err)
	}
	v.Lock()
	s.Portal.Store(true) // this computer is behind a login page
	w, err := Open(u, davKey(), here)
	if err != nil {
		t.Fatal(err)
	}
	for _, note := range []string{"离线时一", "离线时二"} {
		if err := w.Audit("test.note", "", note); err != nil {
			t.Fatalf("offline save: %v", err)
		}
	}
	if w.Pending() != 2 || w.Offline() == nil {
		t.Fatalf("pending %d, offline %v", w.Pending(), w.Offline())
	}
	w.Lock()
	s.Portal.Store(false)
	// Someone else saves meanwhile.
	b, err := Open(u, davKey(), there)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Audit("test.note", "", "上海的更改"); err != nil {
		t.Fatal(err)
	}
	b.Lock()
	// A reader here sees the share's version and the count waiting.
	ro := here
	ro.ReadOnly = true
	r, err := Open(u, davKey(), ro)
	if err != nil {
		t.Fatal(err)
	}
	if r.Pending() != 2 || !hasAudit(t, r, "上海的更改") {
		t.Errorf("reader: pending %d", r.Pending())
	}
	r.Lock()
	// Back online, a writer here merges and uploads.
	w, err = Open(u, davKey(), here)
	if err != nil {
		t.Fatal(err)
	}
	if w.Pending() != 0 || w.Offline() != nil {
		t.Errorf("after upload: pending %d, offline %v", w.Pending(), w.Offline())
	}
	w.Lock()
	c, err := Open(u, davKey(), Options{CacheDir: t.TempDir(), KnownDir: "-", ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Lock()
	for _, want := range []string{"离线时一", "离线时二", "上海的更改"} {
		if !hasAudit(t, c, want) {
			t.Errorf("%q is not on the share", want)
		}
	}
}

// A server that answers PUT without an ETag (but gives one on GET): the
// next save asks for it first, and still merges another's save.
func TestWebDAVPutWithoutETag(t *testing.T) {
	s := davtest.New(t)
	davCreds(t, s)
	s.NoPutETag.Store(true)
	u := s.URL("v.beianvault")
	a, err := Create(u, davKey(), "北京", davOpts(t))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Lock()
	b, err := Open(u, davKey(), davOpts(t))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Lock()
	for i, v := range []*Vault{a, b, a, b} {
		if err := v.Audit("test.note", "", fmt.Sprintf("第%d次", i)); err != nil {
			t.Fatalf("save %d: %v", i, err)
		}
	}
	c, err := Open(u, davKey(), Options{CacheDir: t.TempDir(), KnownDir: "-", ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Lock()
	for i := range 4 {
		if !hasAudit(t, c, fmt.Sprintf("第%d次", i)) {
			t.Errorf("save %d lost", i)
		}
	}
}

// Each refusal of a share is named: locked, forbidden, missing, server
// error; none of them changes the vault on the share.
func TestWebDAVRefusalsAreNamed(t *testing.T) {
	s := davtest.New(t)
	davCreds(t, s)
	u := s.URL("v.beianvault")
	v, err := Create(u, davKey(), "管理员", davOpts(t))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	before := s.File("v.beianvault")
	for status, want := range map[int32]RemoteKind{423: RemoteLocked, 403: RemoteForbidden, 409: RemoteNotFound, 503: RemoteUnavailable, 413: RemoteQuota} {
		s.FailPut.Store(status)
		if err := v.Audit("test.note", "", "x"); remoteKind(err) != want || !errors.Is(err, ErrSaveFailed) {
			t.Errorf("%d: %v", status, err)
		}
	}
	s.FailPut.Store(0)
	if !bytes.Equal(before, s.File("v.beianvault")) {
		t.Error("the vault on the share changed")
	}
	if _, err := Open(s.URL("没有这个.beianvault"), davKey(), davOpts(t)); remoteKind(err) != RemoteNotFound {
		t.Errorf("missing file: %v", err)
	}
}
