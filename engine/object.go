package engine

import "unsafe"

// RawString is a string value that is modified in place (SETRANGE, SETBIT,
// APPEND, BITFIELD, INCR ...), kept as a mutable byte slice in Entry.Obj so
// repeated small writes don't copy the whole value. Anyone holding B must
// treat it as valid only until the next write to the key.
type RawString struct {
	B []byte
	// enc is the encoding Redis would report for the value. The zero value
	// is "raw", what every in-place write produces; counters rewritten in
	// place by INCR report "int", INCRBYFLOAT results "embstr".
	enc strEnc
}

// strEnc is a string encoding as OBJECT ENCODING names it.
type strEnc uint8

const (
	encRaw strEnc = iota
	encInt
	encEmbstr
)

func (e strEnc) String() string {
	switch e {
	case encInt:
		return "int"
	case encEmbstr:
		return "embstr"
	}
	return "raw"
}

// Clone returns an independent copy of r (for COPY and the like), with the
// same reported encoding.
func (r *RawString) Clone() *RawString {
	return &RawString{B: append([]byte(nil), r.B...), enc: r.enc}
}

// IsString reports whether en holds a string value.
func (en *Entry) IsString() bool {
	if en.Obj == nil {
		return true
	}
	_, ok := en.Obj.(*RawString)
	return ok
}

// StringBytes returns a string value's bytes without copying. The slice is
// valid until the next write to the key and must not be modified. It returns
// nil for a non-string value.
func (en *Entry) StringBytes() []byte {
	if en.Obj == nil {
		return unsafe.Slice(unsafe.StringData(en.Str), len(en.Str))
	}
	if r, ok := en.Obj.(*RawString); ok {
		return r.B
	}
	return nil
}

// TypeName is the type TYPE reports for en.
func (en *Entry) TypeName() string {
	if en.IsString() {
		return "string"
	}
	if t, ok := en.Obj.(interface{ TypeName() string }); ok {
		return t.TypeName()
	}
	return "none"
}

// Encoding is what OBJECT ENCODING reports for en, derived as Redis 7
// derives it. For an inline string: "int" for a value Redis would store as
// a long, "embstr" up to 44 bytes, "raw" otherwise. A *RawString carries
// its encoding: "raw" after an in-place write, "int" for a counter, "embstr"
// for an INCRBYFLOAT result that reads as an integer.
func (en *Entry) Encoding() string {
	if !en.IsString() {
		if t, ok := en.Obj.(interface{ Encoding() string }); ok {
			return t.Encoding()
		}
		return "unknown"
	}
	if r, ok := en.Obj.(*RawString); ok {
		return r.enc.String()
	}
	if en.Raw {
		return "raw"
	}
	if len(en.Str) <= 20 {
		if _, ok := parseInt(unsafe.Slice(unsafe.StringData(en.Str), len(en.Str))); ok {
			return "int"
		}
	}
	if len(en.Str) <= 44 {
		return "embstr"
	}
	return "raw"
}
