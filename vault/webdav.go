package vault

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// A vault on a WebDAV share (坚果云, Nextcloud, a Synology or QNAP NAS):
// its location is an https:// URL (http:// only on this computer's
// loopback). Open is one GET that keeps the ETag; a save seals the file as
// always and PUTs it with If-Match on that ETag (If-None-Match: * for a new
// vault), so a save never overwrites another office's: the server answers
// 412, the newer file is fetched and merged like a newer file found on disk
// (share.go), and the result is put again. The last fetched or saved file
// is kept in the user's cache folder (the same encrypted bytes), so the
// vault opens read-only when the share cannot be reached, and its older
// versions are the cache's backups.

// Environment variables for the share's credentials (scripts, cron, tests).
const (
	WebDAVUserEnv     = "BEIANLEDGER_WEBDAV_USER"
	WebDAVPasswordEnv = "BEIANLEDGER_WEBDAV_PASSWORD"
	// CacheDirEnv overrides the cache folder (the user's cache dir).
	CacheDirEnv = "BEIANLEDGER_CACHE_DIR"
)

// ErrRemote is what every *RemoteError is (errors.Is).
var ErrRemote = errors.New("WebDAV share")

// RemoteKind says what went wrong with a share, for a message in the
// user's language (app/i18n: "webdav.err.KIND").
type RemoteKind string

// What can go wrong with a share.
const (
	RemoteNetwork     RemoteKind = "network"     // unreachable, timed out
	RemoteTLS         RemoteKind = "tls"         // certificate not trusted
	RemoteUnavailable RemoteKind = "unavailable" // 5xx other than 507
	RemoteAuth        RemoteKind = "auth"        // 401
	RemoteForbidden   RemoteKind = "forbidden"   // 403
	RemoteNotFound    RemoteKind = "notfound"    // 404, 409 (no such folder)
	RemoteLocked      RemoteKind = "locked"      // 423
	RemoteQuota       RemoteKind = "quota"       // 507, 413
	RemoteNotVault    RemoteKind = "notvault"    // a web page (proxy, captive portal) or another file
	RemoteNoETag      RemoteKind = "noetag"      // no ETag: cannot save safely
	RemoteNoIfMatch   RemoteKind = "noifmatch"   // If-Match ignored: cannot save safely
	RemoteInsecure    RemoteKind = "insecure"    // plain http to another computer
	RemoteBadURL      RemoteKind = "badurl"      // not a usable URL
	RemoteExists      RemoteKind = "exists"      // init: a file is already there
	RemoteOffline     RemoteKind = "offline"     // opened from the local copy: read-only
	RemoteStatus      RemoteKind = "status"      // any other answer
)

// RemoteError is a failure talking to a share. Saving says the change was
// not saved (the vault on the share is unchanged); the session keeps it.
type RemoteError struct {
	Kind   RemoteKind
	Op     string // GET, PUT, DELETE, open, save
	URL    string // without credentials
	Status int    // the HTTP status, when there was an answer
	Saving bool
	Err    error // the underlying error, if any
}

func (e *RemoteError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: ", e.Op, e.URL)
	if e.Status != 0 {
		fmt.Fprintf(&b, "%d %s: ", e.Status, http.StatusText(e.Status))
	}
	b.WriteString(remoteText[e.Kind])
	if e.Err != nil && e.Kind != RemoteStatus {
		fmt.Fprintf(&b, " (%v)", e.Err)
	}
	if e.Saving {
		b.WriteString("; the change was NOT saved — the vault on the share is unchanged and this session still holds the change")
	}
	return b.String()
}

// Unwrap makes errors.Is(err, ErrRemote) true, ErrSaveFailed for a failed
// save and ErrReadOnly for an offline session.
func (e *RemoteError) Unwrap() []error {
	out := []error{ErrRemote}
	if e.Saving {
		out = append(out, ErrSaveFailed)
	}
	if e.Kind == RemoteOffline {
		out = append(out, ErrReadOnly)
	}
	if e.Err != nil {
		out = append(out, e.Err)
	}
	return out
}

// remoteText is the English message; app/i18n has both languages.
var remoteText = map[RemoteKind]string{
	RemoteNetwork:     "the share cannot be reached (network, proxy or server down)",
	RemoteTLS:         "the share's certificate is not trusted; the connection was refused",
	RemoteUnavailable: "the server had an error; try again later",
	RemoteAuth:        "the user name or password was refused (坚果云 needs an application password, not the login password)",
	RemoteForbidden:   "this account may not read or write there",
	RemoteNotFound:    "there is no such file or folder on the share",
	RemoteLocked:      "the file is locked on the share by another program",
	RemoteQuota:       "the share is full (quota exceeded)",
	RemoteNotVault:    "the answer is not a vault but a web page or another file — a proxy or a Wi-Fi login page may be in the way",
	RemoteNoETag:      "the server gives no ETag, so saves could overwrite another person's; opened read-only, writing refused",
	RemoteNoIfMatch:   "the server ignores If-Match, so saves could overwrite another person's; writing refused",
	RemoteInsecure:    "plain http:// is allowed only to this computer (127.0.0.1, localhost, ::1); use https://",
	RemoteBadURL:      "not a usable WebDAV address",
	RemoteExists:      "a file already exists there; not overwriting it",
	RemoteOffline:     "the share could not be reached; the vault is open read-only from the copy kept on this computer",
	RemoteStatus:      "unexpected answer from the server",
}

// IsRemote reports whether a vault location is a WebDAV URL.
func IsRemote(location string) bool {
	l := strings.ToLower(location)
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}

// RemoteCredentials supplies the share's user name and password when the
// environment has none (a prompt, a keyring). It is called at most once
// per session, after the server asked for them.
type RemoteCredentials func(location string) (user, password string, err error)

// davClient talks to one file on a share.
type davClient struct {
	u          *url.URL
	loc        string // the URL without credentials
	user, pass string
	haveCreds  bool
	ask        RemoteCredentials
	hc         *http.Client
}

// Timeouts of a share: a dead one is reported within a minute, while a
// large vault on a slow line still has time to move.
const (
	davDialTimeout   = 15 * time.Second
	davHeaderTimeout = 60 * time.Second
	davTotalTimeout  = 10 * time.Minute
)

var davTransport = &http.Transport{
	Proxy:                 http.ProxyFromEnvironment,
	DialContext:           (&net.Dialer{Timeout: davDialTimeout, KeepAlive: 30 * time.Second}).DialContext,
	TLSHandshakeTimeout:   davDialTimeout,
	ResponseHeaderTimeout: davHeaderTimeout,
	ExpectContinueTimeout: time.Second,
	IdleConnTimeout:       90 * time.Second,
	MaxIdleConnsPerHost:   4,
	ForceAttemptHTTP2:     true,
}

// checkRemoteURL refuses what must not be used: another scheme, plain
// http to another computer, a password written into the URL.
func checkRemoteURL(location string) (*url.URL, error) {
	u, err := url.Parse(location)
	if err != nil || u.Host == "" {
		return nil, &RemoteError{Kind: RemoteBadURL, Op: "open", URL: location, Err: err}
	}
	u.Scheme = strings.ToLower(u.Scheme)
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopbackHost(u.Hostname()) {
			return nil, &RemoteError{Kind: RemoteInsecure, Op: "open", URL: redact(u)}
		}
	default:
		return nil, &RemoteError{Kind: RemoteBadURL, Op: "open", URL: redact(u)}
	}
	if _, has := u.User.Password(); has {
		return nil, &RemoteError{Kind: RemoteBadURL, Op: "open", URL: redact(u), Err: errors.New("a password must not be written into the address; use " + WebDAVPasswordEnv + " or the prompt")}
	}
	if u.Path == "" || strings.HasSuffix(u.Path, "/") {
		return nil, &RemoteError{Kind: RemoteBadURL, Op: "open", URL: redact(u), Err: errors.New("the address names a folder; add the vault's file name")}
	}
	return u, nil
}

func isLoopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func redact(u *url.URL) string {
	c := *u
	c.User = nil
	return c.String()
}

func newDavClient(location string, ask RemoteCredentials) (*davClient, error) {
	u, err := checkRemoteURL(location)
	if err != nil {
		return nil, err
	}
	c := &davClient{u: u, loc: location, ask: ask}
	if u.User != nil {
		c.loc = redact(u)
	}
	if u.User != nil {
		c.user = u.User.Username()
	}
	if p := os.Getenv(WebDAVPasswordEnv); p != "" {
		c.pass, c.haveCreds = p, true
		if n := os.Getenv(WebDAVUserEnv); n != "" {
			c.user = n
		}
	}
	c.u.User = nil
	c.hc = &http.Client{
		Transport: davTransport,
		Timeout:   davTotalTimeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			if req.URL.Scheme != "https" && !(req.URL.Scheme == "http" && isLoopbackHost(req.URL.Hostname())) {
				return &RemoteError{Kind: RemoteInsecure, Op: req.Method, URL: redact(req.URL)}
			}
			return nil
		},
	}
	return c, nil
}

// errPrecondition is a 412: the file changed (If-Match) or exists
// (If-None-Match).
var errPrecondition = errors.New("precondition failed")

// do sends one request for target (the vault's URL unless given), asking
// for the credentials once if the server wants some and none were given.
func (c *davClient) do(method, target string, body []byte, hdr map[string]string) (*http.Response, error) {
	if target == "" {
		target = c.u.String()
	}
	for asked := false; ; asked = true {
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequestWithContext(context.Background(), method, target, rd)
		if err != nil {
			return nil, &RemoteError{Kind: RemoteBadURL, Op: method, URL: c.loc, Err: err}
		}
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/octet-stream")
		}
		if c.haveCreds {
			req.SetBasicAuth(c.user, c.pass)
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			return nil, netError(method, c.loc, err)
		}
		if resp.StatusCode == http.StatusUnauthorized && !c.haveCreds && !asked && c.ask != nil {
			drain(resp)
			user, pass, err := c.ask(c.loc)
			if err != nil {
				return nil, &RemoteError{Kind: RemoteAuth, Op: method, URL: c.loc, Status: http.StatusUnauthorized, Err: err}
			}
			if user != "" {
				c.user = user
			}
			c.pass, c.haveCreds = pass, true
			continue
		}
		return resp, nil
	}
}

func drain(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}

func netError(op, loc string, err error) error {
	var re *RemoteError
	if errors.As(err, &re) {
		return re
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var unk x509.UnknownAuthorityError
	var host x509.HostnameError
	var inv x509.CertificateInvalidError
	var ver *tls.CertificateVerificationError
	if errors.As(err, &unk) || errors.As(err, &host) || errors.As(err, &inv) || errors.As(err, &ver) {
		return &RemoteError{Kind: RemoteTLS, Op: op, URL: loc, Err: err}
	}
	return &RemoteError{Kind: RemoteNetwork, Op: op, URL: loc, Err: err}
}

// statusError maps an unwanted answer to its kind.
func statusError(op, loc string, resp *http.Response) error {
	drain(resp)
	k := RemoteStatus
	switch s := resp.StatusCode; {
	case s == 401:
		k = RemoteAuth
	case s == 403:
		k = RemoteForbidden
	case s == 404 || s == 409 || s == 410:
		k = RemoteNotFound
	case s == 423:
		k = RemoteLocked
	case s == 507 || s == 413:
		k = RemoteQuota
	case s >= 500:
		k = RemoteUnavailable
	}
	return &RemoteError{Kind: k, Op: op, URL: loc, Status: resp.StatusCode}
}

// get fetches the vault file and its ETag ("" if the server gives none).
func (c *davClient) get() ([]byte, string, error) {
	return c.getUnless("")
}

// errNotModified: the file still has the ETag given to getUnless.
var errNotModified = errors.New("not modified")

// getUnless is get, or errNotModified if the file still has etag.
func (c *davClient) getUnless(etag string) ([]byte, string, error) {
	var hdr map[string]string
	if etag != "" {
		hdr = map[string]string{"If-None-Match": etag}
	}
	resp, err := c.do(http.MethodGet, "", nil, hdr)
	if err != nil {
		return nil, "", err
	}
	if resp.StatusCode == http.StatusNotModified && etag != "" {
		drain(resp)
		return nil, etag, errNotModified
	}
	if resp.StatusCode != http.StatusOK {
		return nil, "", statusError("GET", c.loc, resp)
	}
	defer resp.Body.Close()
	if resp.ContentLength > MaxVaultSize {
		return nil, "", &RemoteError{Kind: RemoteNotVault, Op: "GET", URL: c.loc, Err: fmt.Errorf("%d MiB, more than a vault can be", resp.ContentLength>>20)}
	}
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(resp.Body, head); err != nil || string(head) != magic {
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return nil, "", netError("GET", c.loc, err)
		}
		why := "it does not start like a vault file"
		if ct := resp.Header.Get("Content-Type"); strings.Contains(ct, "html") {
			why = "the server answered a web page (" + ct + ")"
		}
		return nil, "", &RemoteError{Kind: RemoteNotVault, Op: "GET", URL: c.loc, Err: errors.New(why)}
	}
	buf := bytes.NewBuffer(make([]byte, 0, max(resp.ContentLength, 0)+int64(len(magic))))
	buf.Write(head)
	if _, err := io.Copy(buf, io.LimitReader(resp.Body, MaxVaultSize)); err != nil {
		return nil, "", netError("GET", c.loc, err)
	}
	return buf.Bytes(), resp.Header.Get("ETag"), nil
}

// put stores data at target ("" for the vault) if the file there still has
// etag, or if there is none when etag is "" and create is set. It returns
// the new ETag ("" if the server gives none); errPrecondition for a 412.
func (c *davClient) put(target string, data []byte, etag string, create bool) (string, error) {
	hdr := map[string]string{}
	switch {
	case create:
		hdr["If-None-Match"] = "*"
	case etag != "":
		hdr["If-Match"] = etag
	default:
		return "", &RemoteError{Kind: RemoteNoETag, Op: "PUT", URL: c.loc}
	}
	resp, err := c.do(http.MethodPut, target, data, hdr)
	if err != nil {
		return "", err
	}
	switch resp.StatusCode {
	case http.StatusOK, http.StatusCreated, http.StatusNoContent:
		drain(resp)
		return resp.Header.Get("ETag"), nil
	case http.StatusPreconditionFailed:
		drain(resp)
		return "", errPrecondition
	}
	return "", statusError("PUT", c.loc, resp)
}

func (c *davClient) delete(target string) error {
	resp, err := c.do(http.MethodDelete, target, nil, nil)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 && resp.StatusCode != 404 {
		return statusError("DELETE", c.loc, resp)
	}
	drain(resp)
	return nil
}

// canFallBack: the share is out of reach (not: it refused us, or the file is
// gone), so the copy on this computer may be shown read-only.
func canFallBack(err error) bool {
	var re *RemoteError
	if !errors.As(err, &re) {
		return false
	}
	switch re.Kind {
	case RemoteNetwork, RemoteTLS, RemoteUnavailable, RemoteNotVault:
		return true
	}
	return false
}

// cacheRoot is the folder of the copies of remote vaults.
func (o *Options) cacheRoot() (string, error) {
	if o.CacheDir != "" {
		return filepath.Join(o.CacheDir, "webdav"), nil
	}
	if d := os.Getenv(CacheDirEnv); d != "" {
		return filepath.Join(d, "webdav"), nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache folder for the copy of a remote vault: %w", err)
	}
	return filepath.Join(d, "beianledger", "webdav"), nil
}

// CacheFile is where the copy of the remote vault at location is kept on
// this computer (the same encrypted bytes as on the share, 0600). Its
// backups are BackupDir(CacheFile(location)).
func CacheFile(location string) (string, error) {
	return (&Options{}).cacheFile(location)
}

func (o *Options) cacheFile(location string) (string, error) {
	u, err := checkRemoteURL(location)
	if err != nil {
		return "", err
	}
	root, err := o.cacheRoot()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(redact(u)))
	return filepath.Join(root, hex.EncodeToString(sum[:])+".beianvault"), nil
}

// remoteState is a session's link to its share.
type remoteState struct {
	c    *davClient
	etag string // of the file as last fetched or saved
	// exists: the file is on the share (false only while creating).
	exists bool
	// offline, when set, is why the share was not reached at open: the
	// session is the local copy, where a writer's saves wait.
	offline *RemoteError
	// pending counts the saves waiting in the copy; base is the ETag of
	// the share's version they started from.
	pending int
	base    string
}

// Location is where the vault lives: its URL for a vault on a share, else
// its path.
func (v *Vault) Location() string {
	if v.remote != nil {
		return v.remote.c.loc
	}
	return v.path
}

// Remote reports whether the vault lives on a WebDAV share.
func (v *Vault) Remote() bool { return v.remote != nil }

// Offline is why a remote vault was opened from the copy on this computer
// (read-only), or nil.
func (v *Vault) Offline() error {
	if v.remote == nil || v.remote.offline == nil {
		return nil
	}
	return v.remote.offline
}

// openRemote opens the vault at a share: GET (keeping the ETag), the copy
// on this computer refreshed, and the writer lock of that copy held (so two
// sessions on this computer take turns; other computers are kept apart by
// If-Match).
func openRemote(location string, key Key, opts Options) (*Vault, error) {
	c, err := newDavClient(location, opts.Credentials)
	if err != nil {
		return nil, err
	}
	cache, err := opts.cacheFile(location)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(cache), 0o700); err != nil {
		return nil, fmt.Errorf("cache folder: %w", err)
	}
	var lk *fileLock
	if !opts.ReadOnly {
		if err := opts.checkFit(c); err != nil {
			return nil, err
		}
		if lk, err = acquireLock(cache, opts); err != nil {
			return nil, err
		}
	}
	release := func() {
		if lk != nil {
			lk.release()
		}
	}
	// The copy here is what the share holds if its ETag is unchanged: one
	// small request instead of the whole file.
	cachedTag, cachedSum := cachedETag(cache)
	data, etag, gerr := c.getUnless(cachedTag)
	if errors.Is(gerr, errNotModified) {
		// The copy read must be the very version the ETag was kept for.
		data, gerr = readVaultFile(cache)
		if gerr == nil {
			if h, _, err := parseHeader(data); err != nil || hex.EncodeToString(h.Checksum[:]) != cachedSum {
				gerr = errNotModified
			}
		}
		if gerr != nil {
			wipe(data)
			data, etag, gerr = c.get()
		}
	}
	pend := readPending(cache)
	var offline *RemoteError
	var theirs []byte // the share's version, to merge into changes waiting here
	switch {
	case gerr != nil:
		if !canFallBack(gerr) {
			release()
			return nil, gerr
		}
		data, err = readVaultFile(cache)
		if err != nil {
			release()
			return nil, gerr
		}
		// Offline: a reader sees the copy here; a writer's saves wait in
		// it (the lock stays held) and go up on the next open that
		// reaches the share.
		errors.As(gerr, &offline)
		if pend.count == 0 {
			pend.base = ""
			if h, _, err := parseHeader(data); err == nil && cachedTag != "" && hex.EncodeToString(h.Checksum[:]) == cachedSum {
				pend.base = cachedTag
			}
		}
	case etag == "" && !opts.ReadOnly:
		release()
		return nil, &RemoteError{Kind: RemoteNoETag, Op: "GET", URL: c.loc}
	case pend.count > 0 && !opts.ReadOnly:
		// Changes made offline wait in the copy: open it, merge the
		// share's version into it unless that is unchanged since, and
		// upload (below).
		theirs = data
		if data, err = readVaultFile(cache); err != nil {
			release()
			return nil, err
		}
		if etag == pend.base {
			wipe(theirs)
			theirs = nil
		}
	}
	// The fetched file becomes the copy on this computer, unless that copy
	// is this very save already (compared by the header's checksum; the
	// file is authenticated below before it is kept) or holds changes
	// waiting to go up.
	var fetched []byte
	if offline == nil && pend.count == 0 {
		fh, _, ferr := parseHeader(data)
		ch, _, cerr := parseHeader(mustHead(cache))
		if ferr != nil || cerr != nil || fh.Checksum != ch.Checksum {
			fetched = append([]byte(nil), data...) // openBytes decrypts in place
		}
	}
	v, err := openBytes(data, key, opts)
	wipe(data)
	if err != nil {
		wipe(theirs)
		release()
		return nil, err
	}
	v.path = cache
	v.remote = &remoteState{c: c, etag: etag, exists: true, offline: offline, pending: pend.count, base: pend.base}
	if fetched != nil {
		// Authentic: keep it as the copy on this computer, the older copy
		// going to the backups.
		keepCopy(cache, fetched, etag, v.hdr.Checksum, v.keepBackups())
	} else if offline == nil && pend.count == 0 && etag != "" && etag != cachedTag {
		rememberETag(cache, etag, v.hdr.Checksum)
	}
	if err := v.finishOpen(lk, c.loc); err != nil {
		wipe(theirs)
		release()
		return nil, err
	}
	if offline == nil && pend.count > 0 && lk != nil {
		v.mu.Lock()
		if theirs != nil {
			err = v.mergeNewer(theirs, "the share's version (saved while this computer was offline)")
		}
		if err == nil {
			// A failed upload leaves the changes waiting; the next save
			// tries again and reports.
			_ = v.saveRemote()
		}
		v.mu.Unlock()
		if err != nil {
			v.Lock()
			return nil, err
		}
	}
	return v, nil
}

// pending is what waits in the copy on this computer: saves made while the
// share was out of reach, and the ETag of the share's version they started
// from ("" if unknown: the share's version is then always merged in).
type pending struct {
	count int
	base  string
}

func pendingFile(cache string) string { return cache + ".pending" }

func readPending(cache string) pending {
	b, err := readSmallFile(pendingFile(cache), 4<<10)
	if err != nil {
		return pending{}
	}
	n, base, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	var p pending
	if _, err := fmt.Sscan(n, &p.count); err != nil || p.count < 0 {
		// Unreadable, but something waits: merge whatever the share has.
		return pending{count: 1}
	}
	p.base = strings.TrimSpace(base)
	return p
}

func writePending(cache string, p pending) error {
	if p.count == 0 {
		err := os.Remove(pendingFile(cache))
		if os.IsNotExist(err) {
			err = nil
		}
		return err
	}
	tmp := pendingFile(cache) + ".tmp"
	if err := os.WriteFile(tmp, []byte(fmt.Sprintf("%d\n%s\n", p.count, p.base)), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, pendingFile(cache))
}

// Pending is how many saves of a vault on a share wait on this computer
// for the share to be reachable again (0 for a local vault).
func (v *Vault) Pending() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.remote == nil {
		return 0
	}
	return v.remote.pending
}

// saveWaiting saves to the copy on this computer while the share is out of
// reach: durably (it is the only copy of the change), counted as waiting.
func (v *Vault) saveWaiting() error {
	r := v.remote
	gen := v.hdr.Generation + 1
	if err := v.stampLineage(gen); err != nil {
		return err
	}
	data, h, pkey, err := v.encodeFileKey(gen, v.opts.now())
	if err != nil {
		return err
	}
	defer wipe(pkey)
	// The ETag kept for the old copy must not be believed for this one.
	os.Remove(etagFile(v.path))
	if err := writeAtomic(v.path, data, v.keepBackups()); err != nil {
		return err
	}
	*v.hdr = h
	v.saveFailed = false
	v.setBaseFile(data, pkey, h.Slots)
	r.pending++
	if err := writePending(v.path, pending{r.pending, r.base}); err != nil {
		return fmt.Errorf("%w: the change is in the copy on this computer, but it could not be marked as waiting: %v", ErrSaveFailed, err)
	}
	_ = rememberKnown(v.opts.knownDir(), &h, r.c.loc, v.opts.now(), false)
	return nil
}

func mustHead(path string) []byte {
	b, _ := readHead(path)
	return b
}

// createRemote makes a new vault on a share (PUT with If-None-Match: *).
func createRemote(location string, v *Vault, opts Options) error {
	c, err := newDavClient(location, opts.Credentials)
	if err != nil {
		return err
	}
	cache, err := opts.cacheFile(location)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(cache), 0o700); err != nil {
		return fmt.Errorf("cache folder: %w", err)
	}
	if err := opts.checkFit(c); err != nil {
		return err
	}
	v.path = cache
	v.remote = &remoteState{c: c}
	return nil
}

// saveRemote puts the sealed file on the share if it is still the version
// this session has; when another save came first (412) that one is fetched
// and merged in, and the result put again, a few times at most.
func (v *Vault) saveRemote() error {
	r := v.remote
	if r.offline != nil {
		if v.lock == nil {
			return &RemoteError{Kind: RemoteOffline, Op: "save", URL: r.c.loc, Saving: true, Err: r.offline}
		}
		return v.saveWaiting()
	}
	if r.exists && r.etag == "" {
		// The last PUT was answered without an ETag: learn the file's
		// from a GET — ours if nobody saved since, else theirs, merged.
		theirs, tag, err := r.getForSave()
		if err != nil {
			return err
		}
		if h, _, err := parseHeader(theirs); err != nil || h.Checksum != v.hdr.Checksum {
			if err := v.mergeNewer(theirs, "another save on the share"); err != nil {
				return err
			}
		}
		r.etag = tag
	}
	for try := 0; ; try++ {
		gen := v.hdr.Generation + 1
		if err := v.stampLineage(gen); err != nil {
			return err
		}
		data, h, pkey, err := v.encodeFileKey(gen, v.opts.now())
		if err != nil {
			return err
		}
		hook("remote-put")
		etag, err := r.c.put("", data, r.etag, !r.exists)
		if err == nil {
			*v.hdr = h
			v.mergedSum = [checksumLen]byte{}
			v.saveFailed = false
			v.setBaseFile(data, pkey, h.Slots)
			wipe(pkey)
			created := !r.exists
			r.etag, r.exists = etag, true
			if (r.pending > 0 || created) && writePending(v.path, pending{}) == nil {
				r.pending, r.base = 0, ""
			}
			// The copy on this computer follows; it failing costs only
			// the offline copy, not the save.
			keepCopy(v.path, data, etag, h.Checksum, v.keepBackups())
			_ = rememberKnown(v.opts.knownDir(), &h, r.c.loc, v.opts.now(), false)
			// Without an ETag in the answer the next save first asks
			// for it (above).
			return nil
		}
		wipe(pkey)
		if !errors.Is(err, errPrecondition) {
			var re *RemoteError
			if errors.As(err, &re) {
				re.Saving = true
				return re
			}
			return fmt.Errorf("%w: %v", ErrSaveFailed, err)
		}
		if !r.exists {
			return &RemoteError{Kind: RemoteExists, Op: "PUT", URL: r.c.loc, Status: http.StatusPreconditionFailed, Saving: true}
		}
		if try == 3 {
			return fmt.Errorf("%w: the vault on the share keeps changing while merging; the change was not saved, try again", ErrConflict)
		}
		theirs, etag2, err := r.getForSave()
		if err != nil {
			return err
		}
		if err := v.mergeNewer(theirs, "another save on the share"); err != nil {
			return err
		}
		r.etag = etag2
	}
}

// RemoteCheck is one step of TestRemote.
type RemoteCheck struct {
	Step   string `json:"step"` // reach, vault, create, etag, ifmatch, update, delete
	OK     bool   `json:"ok"`
	Detail string `json:"detail,omitempty"`
}

// TestRemote checks a share for holding the vault at location: that it
// answers and takes the credentials, whether the vault is there, and —
// on a test file of its own beside it, removed afterwards — that it
// creates only with If-None-Match, gives ETags, refuses a write with a
// wrong If-Match and takes one with the right one. The error is nil when
// the share is fit for saving a vault, else the first reason it is not.
func TestRemote(location string, opts Options) (checks []RemoteCheck, verdict error) {
	c, err := newDavClient(location, opts.Credentials)
	if err != nil {
		return nil, err
	}
	defer func() { opts.rememberFit(c.u, verdict) }()
	var out []RemoteCheck
	add := func(step string, ok bool, detail string) {
		out = append(out, RemoteCheck{step, ok, detail})
	}
	_, etag, err := c.get()
	var re *RemoteError
	switch {
	case err == nil:
		add("reach", true, "")
		add("vault", etag != "", map[bool]string{true: "found, ETag " + etag, false: "found, but without an ETag"}[etag != ""])
	case errors.As(err, &re) && re.Kind == RemoteNotFound:
		add("reach", true, "")
		add("vault", true, "not there yet (init creates it)")
	case errors.As(err, &re) && re.Kind == RemoteNotVault:
		add("reach", true, "")
		add("vault", false, err.Error())
		return out, err
	default:
		add("reach", false, err.Error())
		return out, err
	}
	probe := *c.u
	dir, _ := path.Split(probe.Path)
	probe.Path = dir + ".beianledger-test-" + hex.EncodeToString(randomBytes(6)) + ".tmp"
	target := probe.String()
	body := []byte("Beian Ledger share test; safe to delete\n")
	fail := func(step string, e error) ([]RemoteCheck, error) {
		add(step, false, e.Error())
		_ = c.delete(target)
		return out, e
	}
	tag, err := c.put(target, body, "", true)
	if err != nil {
		return fail("create", err)
	}
	add("create", true, "")
	if tag == "" {
		return fail("etag", &RemoteError{Kind: RemoteNoETag, Op: "PUT", URL: c.loc})
	}
	add("etag", true, tag)
	if _, err := c.put(target, body, `"beianledger-not-this-version"`, false); err == nil {
		return fail("ifmatch", &RemoteError{Kind: RemoteNoIfMatch, Op: "PUT", URL: c.loc})
	} else if !errors.Is(err, errPrecondition) {
		return fail("ifmatch", err)
	}
	if _, err := c.put(target, body, "", true); err == nil {
		return fail("ifmatch", &RemoteError{Kind: RemoteNoIfMatch, Op: "PUT", URL: c.loc, Err: errors.New("If-None-Match: * was ignored too")})
	}
	add("ifmatch", true, "")
	if _, err := c.put(target, append(body, '.'), tag, false); err != nil {
		return fail("update", err)
	}
	add("update", true, "")
	if err := c.delete(target); err != nil {
		add("delete", false, err.Error())
		return out, err
	}
	add("delete", true, "")
	return out, nil
}

// LocalPath is where a vault's files live on this computer: the path, or
// for a vault on a share the copy kept here (its backups beside it).
func LocalPath(location string) (string, error) {
	if IsRemote(location) {
		return CacheFile(location)
	}
	return location, nil
}

// restoreRemote puts backup b (kept beside the copy on this computer) on
// the share above the version there, with If-Match: someone's save in
// between is not overwritten (ErrConflict; try again).
func restoreRemote(location string, b Backup, n int, key Key, opts Options) error {
	c, err := newDavClient(location, opts.Credentials)
	if err != nil {
		return err
	}
	cache, err := opts.cacheFile(location)
	if err != nil {
		return err
	}
	ro := opts
	ro.ReadOnly, ro.KnownDir = true, "-"
	bv, err := Open(b.Path, key, ro)
	if err != nil {
		return fmt.Errorf("backup %d: %w", n, err)
	}
	defer bv.Lock()
	lk, err := acquireLock(cache, opts)
	if err != nil {
		return err
	}
	defer lk.release()
	cur, etag, err := c.get()
	var re *RemoteError
	exists := true
	var curGen uint64
	switch {
	case errors.As(err, &re) && re.Kind == RemoteNotFound:
		exists = false
	case err != nil:
		return err
	case etag == "":
		return &RemoteError{Kind: RemoteNoETag, Op: "GET", URL: c.loc}
	default:
		if h, _, err := parseHeader(cur); err == nil {
			if h.UUID != bv.hdr.UUID {
				return fmt.Errorf("%w: backup %d is of another vault than the one on the share; not restored", ErrDamaged, n)
			}
			curGen = h.Generation
		}
	}
	bv.mu.Lock()
	defer bv.mu.Unlock()
	if err := bv.auditLocked("backup.restore", "", fmt.Sprintf("restored backup of version %d", b.Generation)); err != nil {
		return err
	}
	data, rh, err := bv.encodeFile(max(curGen, bv.hdr.Generation)+1, opts.now())
	if err != nil {
		return err
	}
	if _, err := c.put("", data, etag, !exists); errors.Is(err, errPrecondition) {
		return fmt.Errorf("%w: the vault on the share changed meanwhile; not restored, try again", ErrConflict)
	} else if err != nil {
		return err
	}
	keepCopy(cache, data, "", rh.Checksum, 10)
	_ = rememberKnown(opts.knownDir(), &rh, c.loc, opts.now(), true)
	return nil
}

// A share that `remote test` found unfit for saving (If-Match ignored, no
// ETags) is remembered on this computer, so that later sessions refuse to
// write to it too; a passing test forgets it.
func (o *Options) unfitMarker(u *url.URL) (string, error) {
	root, err := o.cacheRoot()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(strings.ToLower(u.Scheme + "://" + u.Host)))
	return filepath.Join(root, "unfit-servers", hex.EncodeToString(sum[:])), nil
}

func (o *Options) rememberFit(u *url.URL, verdict error) {
	m, err := o.unfitMarker(u)
	if err != nil {
		return
	}
	var re *RemoteError
	if errors.As(verdict, &re) && (re.Kind == RemoteNoIfMatch || re.Kind == RemoteNoETag) {
		if os.MkdirAll(filepath.Dir(m), 0o700) == nil {
			_ = os.WriteFile(m, []byte(string(re.Kind)+"\n"), 0o600)
		}
	} else if verdict == nil {
		_ = os.Remove(m)
	}
}

// checkFit refuses writing to a share found unfit by `remote test`.
func (o *Options) checkFit(c *davClient) error {
	m, err := o.unfitMarker(c.u)
	if err != nil {
		return nil
	}
	b, err := os.ReadFile(m)
	if err != nil {
		return nil
	}
	kind := RemoteKind(strings.TrimSpace(string(b)))
	if kind != RemoteNoETag {
		kind = RemoteNoIfMatch
	}
	return &RemoteError{Kind: kind, Op: "open", URL: c.loc, Err: errors.New("found by `beianledger remote test`; run it again once the server is fixed")}
}

// The copy's ETag is kept beside it with the checksum of the copy it
// belongs to, so that an ETag is never believed for another version (a
// copy replaced without its ETag, a crash between the two writes): that
// would let a save overwrite the share's newer file.
func etagFile(cache string) string { return cache + ".etag" }

// keepCopy replaces the copy on this computer with data (ETag etag).
func keepCopy(cache string, data []byte, etag string, sum [checksumLen]byte, keep int) {
	os.Remove(etagFile(cache))
	if writeReplace(cache, data, keep, false) == nil && etag != "" {
		rememberETag(cache, etag, sum)
	}
}

func rememberETag(cache, etag string, sum [checksumLen]byte) {
	if strings.ContainsAny(etag, "\r\n") {
		return
	}
	tmp := etagFile(cache) + ".tmp"
	if os.WriteFile(tmp, []byte(hex.EncodeToString(sum[:])+" "+etag+"\n"), 0o600) == nil {
		_ = os.Rename(tmp, etagFile(cache))
	}
}

// cachedETag is the ETag of the copy on this computer and the checksum
// (hex) of the version it belongs to; "" if unknown.
func cachedETag(cache string) (etag, sum string) {
	b, err := readSmallFile(etagFile(cache), 4<<10)
	if err != nil {
		return "", ""
	}
	sum, etag, ok := strings.Cut(strings.TrimSpace(string(b)), " ")
	if !ok || etag == "" || sum == "" {
		return "", ""
	}
	return etag, sum
}

// getForSave fetches the vault on the share in the middle of a save: an
// error says the change was not saved, and a file without an ETag cannot
// be saved over safely.
func (r *remoteState) getForSave() ([]byte, string, error) {
	data, tag, err := r.c.get()
	if err != nil {
		var re *RemoteError
		if errors.As(err, &re) {
			re.Saving = true
		}
		return nil, "", err
	}
	if tag == "" {
		return nil, "", &RemoteError{Kind: RemoteNoETag, Op: "GET", URL: r.c.loc, Saving: true}
	}
	return data, tag, nil
}
