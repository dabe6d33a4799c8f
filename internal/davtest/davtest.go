// Package davtest runs a real WebDAV server (golang.org/x/net/webdav, on
// a temporary folder) on 127.0.0.1 for tests of vaults on a share.
//
// x/net/webdav leaves the conditional headers If-Match and If-None-Match
// to its caller (a TODO in its PUT handler), so the server here checks
// them — against strong ETags made from the file's content — the way
// Nextcloud and 坚果云 do. Switches turn behaviours of weaker or failing
// servers on: no ETags, If-Match ignored, an error status on PUT, wrong
// credentials, a captive portal's web page.
package davtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/net/webdav"
)

// Server is a WebDAV server with basic authentication.
type Server struct {
	*httptest.Server
	Dir        string
	User, Pass string

	mu sync.RWMutex // a PUT's check and write are one step
	// Switches (set before or between requests).
	NoETag        atomic.Bool  // strip every ETag
	NoPutETag     atomic.Bool  // answer PUT without an ETag
	IgnoreIfMatch atomic.Bool  // let conditional writes through unchecked
	FailPut       atomic.Int32 // answer PUT with this status (e.g. 507)
	Portal        atomic.Bool  // answer everything with a login web page

	Gets, Puts, Refused atomic.Int64 // Refused: 412 answers
	NotModified         atomic.Int64 // 304 answers to a conditional GET
	inner               http.Handler
	etags               map[string]string // by path, of files put here; under mu
}

// New starts a server on 127.0.0.1 serving a temporary folder, with user
// "office" and password "app-password".
func New(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{Dir: tb.TempDir(), User: "office", Pass: "app-password", etags: map[string]string{}}
	s.inner = &webdav.Handler{FileSystem: webdav.Dir(s.Dir), LockSystem: webdav.NewMemLS()}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.Close)
	return s
}

// URL is the address of name on the share (a path, may hold folders).
func (s *Server) URL(name string) string { return s.Server.URL + "/" + name }

// File is the content of name on the share (nil if none).
func (s *Server) File(name string) []byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, _ := os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(name)))
	return b
}

// ETagOf is the strong ETag of content.
func ETagOf(b []byte) string {
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

func (s *Server) etag(name string) (string, bool) {
	name = path.Clean("/" + name)
	if e, ok := s.etags[name]; ok {
		return e, true
	}
	b, err := os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(name)))
	if err != nil {
		return "", false
	}
	return ETagOf(b), true
}

// matches reports whether an If-Match / If-None-Match list names etag.
func matches(list, etag string) bool {
	for _, e := range strings.Split(list, ",") {
		e = strings.TrimSpace(e)
		if e == "*" || e == etag {
			return true
		}
	}
	return false
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.Portal.Load() {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!DOCTYPE html><html><body>请登录 Wi-Fi / please log in</body></html>")
		return
	}
	if u, p, ok := r.BasicAuth(); !ok || u != s.User || p != s.Pass {
		w.Header().Set("WWW-Authenticate", `Basic realm="davtest"`)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	rw := &etagWriter{ResponseWriter: w, noETag: s.NoETag.Load() || (r.Method == http.MethodPut && s.NoPutETag.Load())}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		s.Gets.Add(1)
		s.mu.RLock()
		defer s.mu.RUnlock()
		rw.etag, _ = s.etag(r.URL.Path)
		if inm := r.Header.Get("If-None-Match"); inm != "" && rw.etag != "" && !rw.noETag && matches(inm, rw.etag) {
			s.NotModified.Add(1)
			w.Header().Set("ETag", rw.etag)
			w.WriteHeader(http.StatusNotModified)
			return
		}
	case http.MethodPut, http.MethodDelete:
		if r.Method == http.MethodPut {
			s.Puts.Add(1)
			if st := s.FailPut.Load(); st != 0 {
				io.Copy(io.Discard, r.Body)
				http.Error(w, http.StatusText(int(st)), int(st))
				return
			}
		}
		var body []byte
		if r.Method == http.MethodPut {
			var err error
			if body, err = io.ReadAll(r.Body); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			rw.etag = ETagOf(body)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.IgnoreIfMatch.Load() {
			cur, exists := s.etag(r.URL.Path)
			im, inm := r.Header.Get("If-Match"), r.Header.Get("If-None-Match")
			if (im != "" && (!exists || !matches(im, cur))) || (inm != "" && exists && matches(inm, cur)) {
				s.Refused.Add(1)
				http.Error(w, "precondition failed", http.StatusPreconditionFailed)
				return
			}
		}
	default:
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	s.inner.ServeHTTP(rw, r)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		// Remember what was put; anything else may have changed files.
		if r.Method == http.MethodPut && rw.code/100 == 2 {
			s.etags[path.Clean("/"+r.URL.Path)] = rw.etag
		} else {
			clear(s.etags)
		}
	}
}

// etagWriter puts the content ETag on successful answers (or none).
type etagWriter struct {
	http.ResponseWriter
	etag   string
	noETag bool
	wrote  bool
	code   int
}

func (e *etagWriter) WriteHeader(code int) {
	if !e.wrote {
		e.wrote, e.code = true, code
		e.Header().Del("Etag")
		if !e.noETag && e.etag != "" && code/100 == 2 {
			e.Header().Set("ETag", e.etag)
		}
	}
	e.ResponseWriter.WriteHeader(code)
}

func (e *etagWriter) Write(b []byte) (int, error) {
	if !e.wrote {
		e.WriteHeader(http.StatusOK)
	}
	return e.ResponseWriter.Write(b)
}
