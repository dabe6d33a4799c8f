package vault

import (
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// A vault file is opened without a second copy of its database image.
// The driver's Deserialize copies the image it is given into memory from
// SQLite's allocator, so the decrypted image used to be in memory twice
// while it was handed over: at 10,000 sites two 37 MB copies, plus the Go
// heap's headroom for the first. Instead, the file is read straight into
// memory from SQLite's allocator, authenticated and decrypted in place
// there, moved to the start of that memory, and given to SQLite, which
// keeps it as the database (sqlite3_deserialize with FREEONCLOSE).
//
// That needs the connection's handle, which the driver does not export:
// adopt finds it by reflection and, if the driver's connection does not
// look as expected, says so and the image is copied as before. The
// security steps are the same either way (signature, MAC, AEAD, the same
// code in openBytes); a buffer that is not adopted is wiped and freed.

// sqliteBuf is memory from SQLite's allocator: b is in use, size bytes
// were allocated.
type sqliteBuf struct {
	p    uintptr
	b    []byte
	size int
}

// newSQLiteBuf allocates n bytes from SQLite's allocator (nil if it cannot),
// and room for the database to grow by a quarter beyond them: a database
// adopted in a block of exactly its size is moved to a block twice as large
// (all of it copied into fresh memory) at the first page it adds. Memory
// that is never written is not made resident.
func newSQLiteBuf(n int) *sqliteBuf {
	if n <= 0 {
		return nil
	}
	return allocBuf(n, n+n/4+1<<20)
}

// allocBuf allocates size bytes from SQLite's allocator, n of them in use
// (nil if it cannot), asking for huge pages.
func allocBuf(n, size int) *sqliteBuf {
	tls := libc.NewTLS()
	defer tls.Close()
	p := sqlite3.Xsqlite3_malloc64(tls, uint64(size))
	if p == 0 {
		return nil
	}
	hugePages(p, size)
	return &sqliteBuf{p: p, b: unsafe.Slice((*byte)(cPtr(p)), n), size: size}
}

// free wipes and frees the buffer unless SQLite adopted it. A buffer
// without p holds Go memory (made where SQLite's could not be had): wiped.
func (s *sqliteBuf) free() {
	if s == nil {
		return
	}
	if s.p == 0 {
		wipe(s.b)
		s.b = nil
		return
	}
	wipe(s.b)
	tls := libc.NewTLS()
	sqlite3.Xsqlite3_free(tls, s.p)
	tls.Close()
	s.p, s.b = 0, nil
}

// readVaultFileSQLite is readVaultFile into memory from SQLite's allocator;
// nil, nil when that memory cannot be had (the caller reads as before).
func readVaultFileSQLite(path string) (*sqliteBuf, error) {
	buf, f, err := readVaultFileKeep(path, false)
	if f != nil {
		f.Close()
	}
	return buf, err
}

// readVaultFileKeep is readVaultFileSQLite that also returns the open
// file when keep (and it was read); the caller closes it.
func readVaultFileKeep(path string, keep bool) (_ *sqliteBuf, kept *os.File, _ error) {
	f, fi, err := openRegular(path)
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if kept == nil {
			f.Close()
		}
	}()
	if fi.Size() > MaxVaultSize {
		return nil, nil, fmt.Errorf("%w: %s is %d MiB, more than a vault can be (%d MiB)", ErrNotVault, path, fi.Size()>>20, MaxVaultSize>>20)
	}
	if fi.Size() < int64(len(magic)) {
		return nil, nil, ErrNotVault
	}
	expectHeap(fi.Size())
	buf := newSQLiteBuf(int(fi.Size()))
	if buf == nil {
		return nil, nil, nil
	}
	n, err := io.ReadFull(f, buf.b)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		buf.free()
		return nil, nil, fmt.Errorf("open vault: %w", err)
	}
	if n < len(magic) || string(buf.b[:len(magic)]) != magic {
		buf.free()
		return nil, nil, ErrNotVault
	}
	// A file that shrank meanwhile is read as it is (and fails its
	// authentication if it was cut short).
	buf.b = buf.b[:n]
	if keep {
		kept = f
	}
	return buf, kept, nil
}

var errNoAdopt = errors.New("sqlite driver connection not as expected")

// adopted counts images SQLite took over without a copy, serializedInPlace
// images read for a save without SQLite's copy (for tests).
var adopted, serializedInPlace atomic.Int64

// readInPlace counts images opened read-only in place (the merge base),
// sealedInPlace saves sealed from the database's own memory.
var readInPlace, sealedInPlace atomic.Int64

// connHandle digs the sqlite3 handle and the libc thread state out of the
// driver's connection (fields db and tls of modernc.org/sqlite's conn).
func connHandle(dc any) (db uintptr, tls *libc.TLS, ok bool) {
	v := reflect.ValueOf(dc)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return 0, nil, false
	}
	v = v.Elem()
	fdb, ftls := v.FieldByName("db"), v.FieldByName("tls")
	if !fdb.IsValid() || fdb.Kind() != reflect.Uintptr || !ftls.IsValid() || ftls.Type() != reflect.TypeFor[*libc.TLS]() {
		return 0, nil, false
	}
	db = *(*uintptr)(unsafe.Pointer(fdb.UnsafeAddr()))
	tls = *(**libc.TLS)(unsafe.Pointer(ftls.UnsafeAddr()))
	return db, tls, db != 0 && tls != nil
}

// withSchema runs f with db's sqlite3 handle, the connection's thread state
// and schema as a C string; errNoAdopt when the driver's connection is not
// as expected.
func withSchema(db *sql.DB, schema string, f func(h uintptr, tls *libc.TLS, zSchema uintptr) error) error {
	conn, err := db.Conn(ctx0)
	if err != nil {
		return err
	}
	defer conn.Close() // the pool's one connection: later calls need it
	return conn.Raw(func(dc any) error {
		h, tls, ok := connHandle(dc)
		if !ok {
			return errNoAdopt
		}
		z, err := libc.CString(schema)
		if err != nil {
			return errNoAdopt
		}
		defer libc.Xfree(tls, z)
		return f(h, tls, z)
	})
}

// imageAt is where the image of a database that lives in one block is, and
// its size (SQLITE_SERIALIZE_NOCOPY); p is 0 for one that does not.
func imageAt(h uintptr, tls *libc.TLS, zSchema uintptr) (p uintptr, n int64) {
	pLen := tls.Alloc(8)
	defer tls.Free(8)
	p = sqlite3.Xsqlite3_serialize(tls, h, zSchema, pLen, sqlite3.SQLITE_SERIALIZE_NOCOPY)
	return p, *(*int64)(cPtr(pLen))
}

// adoptImage makes buf.b[off:off+n] the main database of db without
// copying it elsewhere: the image is moved to the start of buf and SQLite
// takes buf over (it frees it when db closes). errNoAdopt means nothing
// happened and buf is still the caller's.
func adoptImage(db *sql.DB, buf *sqliteBuf, off, n int) error {
	err := withSchema(db, "main", func(h uintptr, tls *libc.TLS, schema uintptr) error {
		copy(buf.b, buf.b[off:off+n])
		wipe(buf.b[n:]) // what is left of the file beyond the image
		p, size := buf.p, buf.size
		// From here the memory is SQLite's, even if this fails (it frees
		// it then).
		buf.p, buf.b = 0, nil
		rc := sqlite3.Xsqlite3_deserialize(tls, h, schema, p, int64(n), int64(size),
			sqlite3.SQLITE_DESERIALIZE_RESIZEABLE|sqlite3.SQLITE_DESERIALIZE_FREEONCLOSE)
		if rc != sqlite3.SQLITE_OK {
			return fmt.Errorf("sqlite3_deserialize: error %d", rc)
		}
		return nil
	})
	if err != nil {
		return err
	}
	adopted.Add(1)
	return afterDeserialize(db)
}

// openFileNoCopy is Open's read and decryption of a local vault file with
// the image adopted by SQLite (see above); ok is false when that could
// not be arranged before anything was checked, and the caller opens as
// before.
func openFileNoCopy(path string, key Key, opts Options) (v *Vault, ok bool, err error) {
	buf, f, err := readVaultFileKeep(path, opts.baseOnDisk() && !opts.ReadOnly)
	if err != nil {
		return nil, true, err
	}
	if buf == nil {
		return nil, false, nil
	}
	defer buf.free() // wipes and frees unless adopted
	v, err = openBytesKeep(buf.b, f, key, opts, func(db *sql.DB, image []byte) error {
		off := int(uintptr(unsafe.Pointer(unsafe.SliceData(image))) - buf.p)
		err := adoptImage(db, buf, off, len(image))
		if errors.Is(err, errNoAdopt) {
			return deserialize(db, image) // copied, as before; buf is wiped by free
		}
		return err
	})
	return v, true, err
}

// cPtr reads a uintptr that holds C memory's address as a pointer, without
// the conversion go vet's unsafeptr rule flags (C memory never moves).
func cPtr(p uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&p)) }

// imageBuf is room for a database image of n bytes in SQLite's memory (no
// room to grow), or in Go memory where SQLite's cannot be had (then it is
// copied when opened).
func imageBuf(n int) *sqliteBuf {
	if b := allocBuf(n, n); b != nil {
		return b
	}
	return &sqliteBuf{b: make([]byte, n)}
}

// openImage opens an image read-only: in place when it can be (no copy),
// else copied and brought to this program's schema. done closes it, and
// frees buf too when owned.
func openImage(buf *sqliteBuf, owned bool) (db *sql.DB, done func(), err error) {
	if db, err = openImageReadOnly(buf); err == nil {
		return db, func() {
			if closeDB(db) && owned {
				buf.free()
			}
		}, nil
	}
	if db, err = newMemDB(); err == nil {
		if err = deserialize(db, buf.b); err == nil {
			err = migrate(db)
		}
	}
	if owned {
		buf.free()
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		return nil, nil, err
	}
	return db, func() { closeDB(db) }, nil
}

// openImageReadOnly opens an image in SQLite's memory as a read-only
// database that reads it in place (no copy); buf must outlive the database.
// It fails for an image in Go memory and for one whose schema is not this
// program's (the caller copies and migrates it instead).
func openImageReadOnly(buf *sqliteBuf) (*sql.DB, error) {
	if buf == nil || buf.p == 0 || len(buf.b) == 0 {
		return nil, errNoAdopt
	}
	db, err := newMemDB()
	if err != nil {
		return nil, err
	}
	err = withSchema(db, "main", func(h uintptr, tls *libc.TLS, schema uintptr) error {
		n := int64(len(buf.b))
		if rc := sqlite3.Xsqlite3_deserialize(tls, h, schema, buf.p, n, n, sqlite3.SQLITE_DESERIALIZE_READONLY); rc != sqlite3.SQLITE_OK {
			return fmt.Errorf("sqlite3_deserialize: error %d", rc)
		}
		return nil
	})
	if err == nil {
		_, err = db.Exec(`PRAGMA mmap_size = ` + fmt.Sprint(len(buf.b)))
	}
	var version int
	if err == nil {
		err = db.QueryRow(`PRAGMA user_version`).Scan(&version)
	}
	if err == nil && version != SchemaVersion() {
		err = errNoAdopt
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	readInPlace.Add(1)
	return db, nil
}

// serializeImage is serialize without SQLite's copy: the driver's
// Serialize has SQLite copy the image into new memory and then copies
// that into Go memory; for a database that lives in one block (every
// opened vault: its image was deserialised) the block is read directly
// (SQLITE_SERIALIZE_NOCOPY) into the one copy a save needs, itself in
// SQLite's memory so that it can be opened in place as the merge base. Otherwise,
// or if the driver's connection is not as expected, it is serialize.
func serializeImage(db *sql.DB) (*sqliteBuf, error) {
	var img *sqliteBuf
	err := withSchema(db, "main", func(h uintptr, tls *libc.TLS, schema uintptr) error {
		p, n := imageAt(h, tls, schema)
		if p == 0 || n <= 0 || n > MaxVaultSize {
			return errNoAdopt
		}
		img = imageBuf(int(n))
		copy(img.b, unsafe.Slice((*byte)(cPtr(p)), n))
		serializedInPlace.Add(1)
		return nil
	})
	if errors.Is(err, errNoAdopt) {
		b, err := serialize(db)
		if err != nil {
			return nil, err
		}
		return &sqliteBuf{b: b}, nil
	}
	return img, err
}

// useTwin lets Verify run SQLite's checks on a second connection
// (tests turn it off to check the other way).
var useTwin = true

// readOnlyTwin opens a second, read-only connection to the session's
// database that reads its image where it is (no copy), for checks that run
// beside this connection's reads. Nothing may write until it is closed.
func (v *Vault) readOnlyTwin() (*sql.DB, error) {
	if !useTwin {
		return nil, errNoAdopt
	}
	var buf *sqliteBuf
	err := withSchema(v.db, "main", func(h uintptr, tls *libc.TLS, schema uintptr) error {
		p, n := imageAt(h, tls, schema)
		if p == 0 || n <= 0 {
			return errNoAdopt
		}
		buf = &sqliteBuf{p: p, b: unsafe.Slice((*byte)(cPtr(p)), n), size: int(n)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return openImageReadOnly(buf)
}

// onTwin runs f on a second, read-only connection over the session's
// image (readOnlyTwin), on another goroutine. wait returns f's error once
// f is done and closes that connection; it may be called more than once.
// ok is false, and nothing runs, where the connection cannot be had.
// Nothing may write until wait has returned.
func (v *Vault) onTwin(f func(db *sql.DB) error) (wait func() error, ok bool) {
	twin, err := v.readOnlyTwin()
	if err != nil {
		return nil, false
	}
	done := make(chan error, 1)
	go func() { done <- f(twin) }()
	var once sync.Once
	var ferr error
	return func() error {
		once.Do(func() {
			ferr = <-done
			twin.Close()
		})
		return ferr
	}, true
}
