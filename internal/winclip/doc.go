// Package winclip puts a secret on the Windows clipboard marked so that
// Windows keeps it out of the clipboard history (Win+V) and does not send
// it to the cloud clipboard of the user's other devices: the formats
// "ExcludeClipboardContentFromMonitorProcessing",
// "CanIncludeInClipboardHistory" = 0 and "CanUploadToCloudClipboard" = 0
// that password managers set. Elsewhere Set reports ErrUnsupported.
package winclip
