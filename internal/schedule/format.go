package schedule

import (
	"encoding/xml"
	"regexp"
	"strconv"
	"strings"
)

// SystemdJoin quotes arguments for ExecStart=.
func SystemdJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		a = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "%", "%%", "$", "$$").Replace(a)
		q[i] = `"` + a + `"`
	}
	return strings.Join(q, " ")
}

// ShellJoin quotes arguments for a POSIX shell (crontab).
func ShellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

// SchtasksCreate is the Task Scheduler registration of a daily run of args
// at at (HH:MM) as a command and its arguments: the task runs as the user
// who creates it, while logged on.
func SchtasksCreate(name, at string, args []string) []string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = `"` + a + `"` // Windows paths hold no quotes
	}
	return []string{"schtasks", "/Create", "/F", "/SC", "DAILY", "/ST", at, "/TN", name, "/TR", strings.Join(q, " ")}
}

// CommandLine is args as one line to paste into a Windows command prompt.
func CommandLine(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = windowsQuote(a)
	}
	return strings.Join(q, " ")
}

// windowsQuote quotes a as the Windows C runtime splits a command line
// (the rules of syscall.EscapeArg).
func windowsQuote(a string) string {
	if a != "" && !strings.ContainsAny(a, " \t\"") {
		return a
	}
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for i := 0; i < len(a); i++ {
		switch a[i] {
		case '\\':
			slashes++
		case '"':
			b.WriteString(strings.Repeat(`\`, slashes+1))
			slashes = 0
		default:
			slashes = 0
		}
		b.WriteByte(a[i])
	}
	b.WriteString(strings.Repeat(`\`, slashes))
	b.WriteByte('"')
	return b.String()
}

// LaunchdPlist is a launchd agent property list: args run every day at
// at (HH:MM, local time), output appended to logPath.
func LaunchdPlist(label, at string, args []string, logPath string) []byte {
	var b strings.Builder
	str := func(s string) string {
		var e strings.Builder
		xml.EscapeText(&e, []byte(s))
		return "<string>" + e.String() + "</string>"
	}
	hour, _ := strconv.Atoi(at[:2])
	minute, _ := strconv.Atoi(at[3:])
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	` + str(label) + `
	<key>ProgramArguments</key>
	<array>
`)
	for _, a := range args {
		b.WriteString("\t\t" + str(a) + "\n")
	}
	b.WriteString(`	</array>
	<key>StartCalendarInterval</key>
	<dict>
		<key>Hour</key>
		<integer>` + strconv.Itoa(hour) + `</integer>
		<key>Minute</key>
		<integer>` + strconv.Itoa(minute) + `</integer>
	</dict>
	<key>ProcessType</key>
	<string>Background</string>
	<key>StandardOutPath</key>
	` + str(logPath) + `
	<key>StandardErrorPath</key>
	` + str(logPath) + `
</dict>
</plist>
`)
	return []byte(b.String())
}

var plistIntRE = regexp.MustCompile(`<key>(Hour|Minute)</key>\s*<integer>([0-9]+)</integer>`)

// plistTime reads the hour and minute of a plist LaunchdPlist wrote.
func plistTime(data []byte) (h, m int, ok bool) {
	found := 0
	for _, g := range plistIntRE.FindAllSubmatch(data, -1) {
		n, _ := strconv.Atoi(string(g[2]))
		if string(g[1]) == "Hour" {
			h = n
		} else {
			m = n
		}
		found++
	}
	return h, m, found == 2
}
