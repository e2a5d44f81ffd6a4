package engine

import (
	"math"
	"strconv"

	"github.com/tidwall/redcon"
)

// RespWriter encodes replies as RESP2 or RESP3 into an in-memory buffer,
// which the network layer flushes once per pipeline batch.
type RespWriter struct {
	Buf   []byte
	proto int
}

// NewRespWriter returns a writer for protocol version proto (2 or 3).
func NewRespWriter(proto int) *RespWriter { return &RespWriter{proto: proto} }

// SetProto switches the protocol for the replies written from now on.
func (w *RespWriter) SetProto(p int) { w.proto = p }

// Proto returns the protocol version replies are written in.
func (w *RespWriter) Proto() int { return w.proto }

// WriteError writes -msg, with CR/LF replaced so the frame stays intact.
func (w *RespWriter) WriteError(msg string) { w.Buf = redcon.AppendError(w.Buf, msg) }

// WriteStatus writes +s.
func (w *RespWriter) WriteStatus(s string) { w.Buf = redcon.AppendString(w.Buf, s) }

// WriteBulk writes a bulk string.
func (w *RespWriter) WriteBulk(b []byte) { w.Buf = redcon.AppendBulk(w.Buf, b) }

// WriteBulkString writes a bulk string.
func (w *RespWriter) WriteBulkString(s string) { w.Buf = redcon.AppendBulkString(w.Buf, s) }

// WriteInt writes an integer.
func (w *RespWriter) WriteInt(n int64) { w.Buf = redcon.AppendInt(w.Buf, n) }

// WriteArray writes an array header.
func (w *RespWriter) WriteArray(n int) { w.Buf = redcon.AppendArray(w.Buf, n) }

// WriteNull writes the null bulk string.
func (w *RespWriter) WriteNull() {
	if w.proto == 3 {
		w.Buf = append(w.Buf, "_\r\n"...)
		return
	}
	w.Buf = append(w.Buf, "$-1\r\n"...)
}

// WriteNullArray writes the null array.
func (w *RespWriter) WriteNullArray() {
	if w.proto == 3 {
		w.Buf = append(w.Buf, "_\r\n"...)
		return
	}
	w.Buf = append(w.Buf, "*-1\r\n"...)
}

// WriteMap writes a map header of n pairs (an array of 2n in RESP2).
func (w *RespWriter) WriteMap(n int) {
	if w.proto == 3 {
		w.Buf = appendHeader(w.Buf, '%', n)
		return
	}
	w.Buf = redcon.AppendArray(w.Buf, 2*n)
}

// WriteSet writes a set header (an array in RESP2).
func (w *RespWriter) WriteSet(n int) {
	if w.proto == 3 {
		w.Buf = appendHeader(w.Buf, '~', n)
		return
	}
	w.Buf = redcon.AppendArray(w.Buf, n)
}

// WritePush writes a push header (an array in RESP2).
func (w *RespWriter) WritePush(n int) {
	if w.proto == 3 {
		w.Buf = appendHeader(w.Buf, '>', n)
		return
	}
	w.Buf = redcon.AppendArray(w.Buf, n)
}

// WriteDouble writes a double (a bulk string in RESP2), formatted as Redis
// formats doubles in replies.
func (w *RespWriter) WriteDouble(f float64) {
	var tmp [32]byte
	d := AppendDouble(tmp[:0], f)
	if w.proto == 3 {
		w.Buf = append(w.Buf, ',')
		w.Buf = append(w.Buf, d...)
		w.Buf = append(w.Buf, '\r', '\n')
		return
	}
	w.Buf = redcon.AppendBulk(w.Buf, d)
}

// WriteBool writes a boolean (:1 or :0 in RESP2).
func (w *RespWriter) WriteBool(b bool) {
	if w.proto == 3 {
		if b {
			w.Buf = append(w.Buf, "#t\r\n"...)
		} else {
			w.Buf = append(w.Buf, "#f\r\n"...)
		}
		return
	}
	if b {
		w.Buf = append(w.Buf, ":1\r\n"...)
	} else {
		w.Buf = append(w.Buf, ":0\r\n"...)
	}
}

// WriteVerbatim writes a verbatim string (a bulk string in RESP2).
func (w *RespWriter) WriteVerbatim(format string, s []byte) {
	if w.proto == 3 {
		w.Buf = appendHeader(w.Buf, '=', len(s)+4)
		w.Buf = append(w.Buf, format...)
		w.Buf = append(w.Buf, ':')
		w.Buf = append(w.Buf, s...)
		w.Buf = append(w.Buf, '\r', '\n')
		return
	}
	w.Buf = redcon.AppendBulk(w.Buf, s)
}

// WriteBigNumber writes a big number (a bulk string in RESP2).
func (w *RespWriter) WriteBigNumber(s string) {
	if w.proto == 3 {
		w.Buf = append(w.Buf, '(')
		w.Buf = append(w.Buf, s...)
		w.Buf = append(w.Buf, '\r', '\n')
		return
	}
	w.Buf = redcon.AppendBulkString(w.Buf, s)
}

func appendHeader(b []byte, c byte, n int) []byte {
	b = append(b, c)
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, '\r', '\n')
}

// AppendDouble formats f as Redis formats a double reply: "%.17g", with
// "inf", "-inf" and "nan".
func AppendDouble(b []byte, f float64) []byte {
	switch {
	case math.IsInf(f, 1):
		return append(b, "inf"...)
	case math.IsInf(f, -1):
		return append(b, "-inf"...)
	case math.IsNaN(f):
		return append(b, "nan"...)
	}
	return AppendG17(b, f)
}

// AppendG17 formats f like C's printf("%.17g"). Go's 'g' format with 17
// digits gives the same text: trailing zeros dropped, exponent form when
// the exponent is < -4 or >= 17, at least two exponent digits.
func AppendG17(b []byte, f float64) []byte {
	return strconv.AppendFloat(b, f, 'g', 17, 64)
}
