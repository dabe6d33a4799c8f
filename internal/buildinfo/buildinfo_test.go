package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	rev := []debug.BuildSetting{{Key: "vcs.revision", Value: "3f2a9c1b7e0d55aa"}}
	for _, tc := range []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{"go install at a tag", debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, "1.2.0"},
		{"go build in a checkout", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: rev}, "0.0.0-dev+3f2a9c1b7e0d"},
		{"a pseudo-version gives way to the commit", debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261204150000-3f2a9c1b7e0d"}, Settings: rev}, "0.0.0-dev+3f2a9c1b7e0d"},
		{"uncommitted changes", debug.BuildInfo{Settings: append(rev, debug.BuildSetting{Key: "vcs.modified", Value: "true"})}, "0.0.0-dev+3f2a9c1b7e0d.dirty"},
		{"no VCS (-buildvcs=false, a source tarball)", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "0.0.0-dev"},
	} {
		if got := fromBuildInfo(&tc.bi); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestLinkerVersionWins(t *testing.T) {
	old := version
	defer func() { version = old }()
	version = "v1.3.0-rc.1"
	if got := Version(); got != "1.3.0-rc.1" {
		t.Errorf("Version() = %q with the linker's v1.3.0-rc.1", got)
	}
}
