package serve

// Feed appends bytes that were read from the connection elsewhere (while
// the client was parked in a blocking command) so the next Read parses
// them. Call it only between batches.
func (r *Reader) Feed(b []byte) {
	for len(b) > 0 {
		r.makeRoom()
		n := copy(r.buf[r.end:], b)
		r.end += n
		b = b[n:]
	}
}
