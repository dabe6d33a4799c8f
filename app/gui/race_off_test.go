//go:build !race

package gui

const raceBuild = false
