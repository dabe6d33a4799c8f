package ledger

import "encoding/json"

// SettingRemovedReaders is the setting in which the vault records, for
// every credential it marked "rotate now" (Credential.RotateNow) because a
// way in was removed, who was removed: the reminder to change the secret
// names them. Its value is a JSON object from credential ID to
// [RemovedReaders]. The vault writes it when it removes a way in and drops
// a credential's entry when the credential is saved without the mark.
const SettingRemovedReaders = "access.removed_readers"

// RemovedReaders is who could read a credential's secret and was removed
// from the vault since it was last changed.
type RemovedReaders struct {
	Labels []string `json:"labels"` // the removed ways in, by label, in the order removed
	On     Date     `json:"on"`     // the day of the last of those removals
}

// ParseRemovedReaders reads the SettingRemovedReaders value. An empty value
// is an empty map; a value that is not such an object is an error (the
// map is then empty too).
func ParseRemovedReaders(s string) (map[string]RemovedReaders, error) {
	m := map[string]RemovedReaders{}
	if s == "" {
		return m, nil
	}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return map[string]RemovedReaders{}, err
	}
	return m, nil
}
