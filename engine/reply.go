package engine

// Writer receives a handler's reply. The same handler serves a socket (a
// RespWriter), an EXEC array and a Lua script (which builds Lua values
// directly), so handlers never encode bytes themselves.
//
// Shapes that only RESP3 has (maps, sets, doubles, booleans, verbatim and big
// numbers, push) are written by their RESP3 method; a RESP2 sink downgrades
// them the way Redis does.
type Writer interface {
	WriteError(msg string)    // msg holds the code: "ERR ...", "WRONGTYPE ..."
	WriteStatus(s string)     // +s
	WriteBulk(b []byte)       // $n
	WriteBulkString(s string) // $n
	WriteInt(n int64)         // :n
	WriteArray(n int)         // *n
	WriteNull()               // the null bulk ($-1, or _ in RESP3)
	WriteNullArray()          // the null array (*-1, or _ in RESP3)
	WriteMap(n int)           // n key/value pairs follow
	WriteSet(n int)           // n elements follow
	WriteDouble(f float64)
	WriteBool(b bool)
	WriteVerbatim(format string, s []byte) // format is three letters: "txt"
	WriteBigNumber(s string)
	WritePush(n int)
	// Proto is the protocol the reply is for (2 or 3); handlers rarely need it.
	Proto() int
}

// Status replies used everywhere.
const (
	StatusOK     = "OK"
	StatusQueued = "QUEUED"
	StatusPong   = "PONG"
)
