package engine

import (
	"strings"
	"testing"
)

func TestNewKeyEntryCopiesKey(t *testing.T) {
	for _, n := range []int{0, 1, 15, 16, 17, 32, 33, 48, 49, 64, 65, 1000} {
		buf := []byte(strings.Repeat("k", n))
		en := newKeyEntry(buf)
		want := string(buf)
		for i := range buf {
			buf[i] = 'x' // the entry must not alias the caller's buffer
		}
		if en.Key() != want {
			t.Fatalf("len %d: key %q, want %q", n, en.Key(), want)
		}
		if s := newKeyEntry(want); s.Key() != want {
			t.Fatalf("len %d from a string: key %q", n, s.Key())
		}
		if n > 0 { // a string viewing a buffer (bstr) is copied too
			en := newKeyEntry(bstr(buf))
			buf[0] = 'y'
			if en.Key() != strings.Repeat("x", n) {
				t.Fatalf("len %d from a buffer's view: key %q", n, en.Key())
			}
		}
	}
}
