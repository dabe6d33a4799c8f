//go:build !windows

package main

// attachConsole does nothing outside Windows: a program started from a
// terminal already writes to it.
func attachConsole() {}

// usePortableFolder does nothing outside Windows: the portable zip is a
// Windows download (the Linux packages install system-wide).
func usePortableFolder() {}
