//go:build !linux

package main

// memlockProblem: the locked-memory check is Linux's (Windows has a
// working-set quota that memguard raises itself).
func memlockProblem() string { return "" }
