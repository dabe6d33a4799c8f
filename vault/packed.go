package vault

import (
	"errors"
	"strconv"
	"strings"
)

// Whole-record reads of one table (Credentials, Contacts, Entities,
// Providers) go packed too, as the reminder reads do (remind_read.go): one
// string from SQLite instead of one value per column — about 200 ms of
// CPU less for `export` at 10,000 sites. Sites are packed a row at a time
// (rowPacked): their query joins entities, providers and the latest
// checks, and packed whole it took more CPU, not less (340–400 against
// 240 ms for a list at 10,000 sites), while a row at a time takes 50 ms
// less than row by row (BenchmarkOps list, 224 → 177 ms; 160 since the
// names shown beside them are looked up in maps, siteNames). Each row's fields are handed
// to the same scan function the row-by-row read uses, so the two cannot
// drift; when the packing does not hold (a value with a separator in it,
// a NULL, a type the scan cannot take) the table is read row by row.

var errPackedType = errors.New("packed read: unsupported destination")

// packedAll reads `SELECT cols … from` as one packed string and scans each
// row. ok is false when the packed string cannot be trusted or scanned;
// the caller then reads row by row.
func packedAll[T any](r *rw, cols []string, from string, scan func(func(...any) error) (T, error)) (out []T, ok bool) {
	if r.v.noPacked {
		return nil, false
	}
	var n int
	var all string
	err := r.q.QueryRowContext(ctx0, `SELECT count(*), ifnull(group_concat(concat_ws(char(31), `+strings.Join(cols, ", ")+`), char(30)), '') `+from).Scan(&n, &all)
	if err != nil || !packedOK(all, n, len(cols)) {
		return nil, false
	}
	f := make([]string, len(cols))
	sc := packedScan(f)
	out = make([]T, 0, n)
	for range n {
		var row string
		row, all, _ = strings.Cut(all, rowSep)
		for i := range len(f) - 1 {
			f[i], row, _ = strings.Cut(row, unitSep)
		}
		f[len(f)-1] = row
		v, err := scan(sc)
		if err != nil {
			return nil, false
		}
		out = append(out, v)
	}
	r.v.packed.Add(1)
	return out, true
}

// readAll lists `SELECT cols … from`, packed when it can be, else row by
// row; n is a capacity hint for the latter.
func readAll[T any](r *rw, n int, cols, from string, scan func(func(...any) error) (T, error)) ([]T, error) {
	if out, ok := packedAll(r, splitCols(cols), from, scan); ok {
		return out, nil
	}
	return queryAllCap(r, n, `SELECT `+cols+` `+from, scan)
}

// splitCols splits a select list at its top-level commas.
func splitCols(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// rowPacked lists `SELECT cols … from` with each row's columns packed into
// one string (concat_ws over unitSep): one value a row through database/sql
// and SQLite's column API instead of one a column, and one allocation a row
// that the fields share. Every column must be NOT NULL (concat_ws skips
// NULLs). ok is false when a row does not split into len(cols) fields; the
// caller then reads row by row.
func rowPacked[T any](r *rw, n int, cols []string, from string, scan func(func(...any) error) (T, error)) (out []T, ok bool, err error) {
	if r.v.noPacked {
		return nil, false, nil
	}
	rows, err := r.q.QueryContext(ctx0, `SELECT concat_ws(char(31), `+strings.Join(cols, ", ")+`) `+from)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	f := make([]string, len(cols))
	sc := packedScan(f)
	out = make([]T, 0, n)
	var row string
	for rows.Next() {
		if err := rows.Scan(&row); err != nil {
			return nil, false, err
		}
		if strings.Count(row, unitSep) != len(f)-1 {
			return nil, false, nil
		}
		for i := range len(f) - 1 {
			f[i], row, _ = strings.Cut(row, unitSep)
		}
		f[len(f)-1] = row
		v, err := scan(sc)
		if err != nil {
			return nil, false, nil
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	r.v.packed.Add(1)
	return out, true, nil
}

// packedScan is a row scan over the fields in f: strings as they are,
// booleans and integers parsed as SQLite writes them.
func packedScan(f []string) func(...any) error {
	return func(dest ...any) error {
		if len(dest) != len(f) {
			return errPackedType
		}
		for i, d := range dest {
			switch p := d.(type) {
			case *string:
				*p = f[i]
			case *bool:
				*p = f[i] != "0" && f[i] != ""
			case *int:
				v, err := strconv.Atoi(f[i])
				if err != nil {
					return err
				}
				*p = v
			default:
				return errPackedType
			}
		}
		return nil
	}
}
