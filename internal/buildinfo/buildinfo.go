// Package buildinfo is the one source of Beian Ledger's version: the CLI's
// `version`, the GUI's About and (through scripts/release) the Windows file
// properties and the Debian package all read it from here.
//
// A release build sets it with the linker:
//
//	go build -ldflags "-X beianledger/internal/buildinfo.version=1.2.0"
//
// scripts/release does so with the git tag on HEAD (v1.2.0 → 1.2.0), or
// 0.0.0-dev+COMMIT between tags. A build without that flag (go run, go
// install, go test) falls back to what the Go toolchain recorded: the
// module version of `go install beianledger@v1.2.0`, else the VCS commit,
// else plain 0.0.0-dev.
package buildinfo

import (
	"runtime/debug"
	"strings"
)

// version is set with -ldflags "-X beianledger/internal/buildinfo.version=…".
var version string

// Version is the version of this build, in semantic-versioning form without
// a leading "v": "1.2.0", "0.0.0-dev+3f2a9c1b7e0d" or "0.0.0-dev".
func Version() string {
	if version != "" {
		return strings.TrimPrefix(version, "v")
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "0.0.0-dev"
	}
	return fromBuildInfo(bi)
}

func fromBuildInfo(bi *debug.BuildInfo) string {
	if v := bi.Main.Version; v != "" && v != "(devel)" && !strings.HasPrefix(v, "v0.0.0-") {
		// A tagged module version (go install beianledger@v1.2.0). Go 1.24+
		// also stamps pseudo-versions from VCS state; those carry less
		// than the commit below, so they are skipped.
		return strings.TrimPrefix(v, "v")
	}
	var rev string
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "0.0.0-dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	v := "0.0.0-dev+" + rev
	if dirty {
		v += ".dirty"
	}
	return v
}
