package policy

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"math"
)

// MaxAttempts is how many candidates [GenerateN] draws before giving up.
const MaxAttempts = 100

// ErrExhausted is returned when [MaxAttempts] candidates in a row had
// problems, which means the policy and the Avoid data leave (almost) no
// acceptable password.
var ErrExhausted = errors.New("policy: no acceptable password found")

// Generate returns a random password of [Policy.DefaultLength] characters
// that satisfies the policy and contains nothing from avoid. See
// [GenerateN].
func Generate(p Policy, avoid Avoid) ([]byte, error) {
	return GenerateN(p, p.DefaultLength(), avoid)
}

// GenerateN returns a random password of n characters that satisfies the
// policy and contains nothing from avoid. It fails with an error wrapping
// [ErrInvalidPolicy] if the policy is invalid or n is outside
// [MinLen, MaxLen], and with [ErrExhausted] if no candidate passed
// [Policy.Check] in [MaxAttempts] draws.
//
// Each required class contributes one character drawn uniformly from the
// class, the others are drawn uniformly from [Policy.Alphabet], and the
// characters are shuffled (Fisher–Yates), all with crypto/rand. The caller
// owns the result and should clear it when done.
func GenerateN(p Policy, n int, avoid Avoid) ([]byte, error) {
	return generate(p, n, avoid, rand.Reader)
}

// generate is GenerateN with the random source as a parameter, for tests.
func generate(p Policy, n int, avoid Avoid, src io.Reader) ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if n < p.MinLen || n > p.MaxLen {
		return nil, fmt.Errorf("%w %q: length %d is outside %d–%d", ErrInvalidPolicy, p.Name, n, p.MinLen, p.MaxLen)
	}
	c := newChecker(p)
	av := compileAvoid(avoid)
	alphabet := []byte(p.Alphabet())
	r := &rng{src: src}
	defer r.wipe()

	pw := make([]byte, n)
	for range MaxAttempts {
		k := 0
		for _, cl := range c.classes {
			pw[k] = cl.chars[r.intn(len(cl.chars))]
			k++
		}
		for ; k < n; k++ {
			pw[k] = alphabet[r.intn(len(alphabet))]
		}
		for i := n - 1; i > 0; i-- {
			j := r.intn(i + 1)
			pw[i], pw[j] = pw[j], pw[i]
		}
		if r.err != nil {
			clear(pw)
			return nil, fmt.Errorf("policy: reading random bytes: %w", r.err)
		}
		if len(c.check(pw, av)) == 0 {
			return pw, nil
		}
	}
	clear(pw)
	return nil, fmt.Errorf("%w for %q in %d attempts", ErrExhausted, p.Name, MaxAttempts)
}

// rng draws uniform integers from a random byte source, buffered. After a
// read error it returns zeros and keeps the error in err.
type rng struct {
	src io.Reader
	buf [256]byte
	pos int // next unread byte; the buffer is empty when pos >= n
	n   int // valid bytes in buf
	err error
}

func (r *rng) byte() byte {
	if r.pos >= r.n {
		if r.err != nil {
			return 0
		}
		clear(r.buf[:])
		if _, err := io.ReadFull(r.src, r.buf[:]); err != nil {
			r.err = err
			return 0
		}
		r.pos, r.n = 0, len(r.buf)
	}
	b := r.buf[r.pos]
	r.buf[r.pos] = 0
	r.pos++
	return b
}

// intn returns a uniform integer in [0, n) for 1 <= n <= 1<<32, using
// rejection sampling so that no value is favoured.
func (r *rng) intn(n int) int {
	if n <= 1 {
		return 0
	}
	if n <= 256 {
		limit := 256 - 256%n
		for {
			if b := int(r.byte()); b < limit {
				return b % n
			}
		}
	}
	limit := uint64(1<<32) - uint64(1<<32)%uint64(n)
	for {
		v := uint64(r.byte())<<24 | uint64(r.byte())<<16 | uint64(r.byte())<<8 | uint64(r.byte())
		if v < limit {
			return int(v % uint64(n))
		}
	}
}

func (r *rng) wipe() {
	clear(r.buf[:])
	r.pos, r.n = 0, 0
}

// Entropy returns the entropy in bits of a password of n characters drawn
// uniformly from the policy's alphabet: n·log2(len(Alphabet)). For a
// generated password this is an upper bound: guaranteeing one character per
// required class costs a little, at most log2 of the alphabet size per
// class and usually far less. It returns 0 for an invalid policy or n < 1.
func Entropy(p Policy, n int) float64 {
	if n < 1 || p.Validate() != nil {
		return 0
	}
	return float64(n) * math.Log2(float64(len(p.Alphabet())))
}
