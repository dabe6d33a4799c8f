//go:build race

package gui

// raceBuild: the race detector slows the test app's rendering enough that
// golden captures can come out wrong; scripts/test checks the goldens in a
// build without it.
const raceBuild = true
