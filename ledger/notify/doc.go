// Package notify turns due reminders into the messages that reach people
// when the app is closed: an e-mail, or a post to a 企业微信, 钉钉 or 飞书
// group robot, or a generic JSON webhook. It builds the messages and keeps
// the record of what each channel was already sent; the senders that talk
// to the mail servers and the robots live in internal/sender.
//
// # Channels
//
// A [Config] is what a channel shows (kind, label, SMTP host, port, TLS
// mode, addresses, language); a [Secret] is what it must keep sealed (the
// SMTP password, the webhook URL whose token is the robot's key, the
// signing secret). The vault stores the first as JSON and seals the second
// like a password.
//
// # Digests
//
// [BuildDigest] makes one digest per run and channel from the items that
// are new or changed state since the channel was last told ([Sent]).
// Each item names the site, the filing number, what is due, the date and
// what to do next, Chinese first. [Pack] splits a digest into numbered
// parts that each fit a platform's size limit.
//
// # State
//
// [Sent] records per channel which item keys went out in which state. It
// holds keys, states and dates only, never a secret, and is kept by the
// command line in a small file in the user's state folder per vault, so
// that a scheduled run never fights a window that has the vault open.
package notify
