package remind

// PlainMarked reports whether LoadDue marked it as plain text (plain.go).
func PlainMarked(it *Item) bool { return it.plain != 0 }

// ClearPlain takes the marks off, for comparing items with Due's.
func ClearPlain(items []Item) {
	for i := range items {
		items[i].plain = 0
	}
}
