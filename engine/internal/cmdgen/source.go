package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"luakv/engine/internal/cmdgen/respval"
)

// redisVersion is the version whose replies the table reproduces.
const redisVersion = "7.0.15"

// Captured replies, relative to the engine directory. The RESP2 files are
// what a default client sees; the RESP3 ones keep sets and maps apart and
// are what -offline reads.
const (
	infoGolden  = "testdata/command_info.golden"
	info3Golden = "testdata/command_info.resp3.golden"
	docsGolden  = "testdata/command_docs.golden"
	docs3Golden = "testdata/command_docs.resp3.golden"
)

// source holds redis-server's COMMAND INFO and COMMAND DOCS entries (as
// RESP3 values) by full command name.
type source struct {
	info map[string]respval.Value
	docs map[string]respval.Value
	// golden holds the raw replies to write under testdata, by file name;
	// empty when the source was read from those files.
	golden map[string][]byte
}

func (s *source) arity(name string) (int64, bool) {
	v, ok := s.info[name]
	if !ok || len(v.Elems) < 2 {
		return 0, false
	}
	return v.Elems[1].Int, true
}

// group returns the engine's Group constant for name's COMMAND DOCS group.
func (s *source) group(name string) (string, error) {
	d, ok := s.docs[name]
	if !ok {
		return "", fmt.Errorf("%s: redis-server has no COMMAND DOCS entry", name)
	}
	g, _ := d.Get("group")
	id, ok := groupIdents[g.Str]
	if !ok {
		return "", fmt.Errorf("%s: unknown group %q", name, g.Str)
	}
	return id, nil
}

// fromReplies indexes the RESP3 replies to COMMAND INFO names... and
// COMMAND DOCS names....
func fromReplies(names []string, info, docs respval.Value) (*source, error) {
	s := &source{info: map[string]respval.Value{}, docs: map[string]respval.Value{}}
	if info.Kind != '*' {
		return nil, fmt.Errorf("COMMAND INFO: unexpected reply %q", info.Raw)
	}
	var unknown []string
	for i, e := range info.Elems {
		if e.Null {
			if i < len(names) {
				unknown = append(unknown, names[i])
			}
			continue
		}
		if len(e.Elems) != 10 {
			return nil, fmt.Errorf("COMMAND INFO: entry %d is not a 10-element array", i)
		}
		s.info[e.Elems[0].Str] = e
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("redis-server does not know: %s", strings.Join(unknown, ", "))
	}
	if docs.Kind != '%' {
		return nil, fmt.Errorf("COMMAND DOCS: expected a RESP3 map, got %q", docs.Raw)
	}
	for _, p := range docs.Pairs() {
		s.docs[p[0].Str] = p[1]
	}
	return s, nil
}

// fetchLive asks the redis-server at addr for COMMAND INFO and COMMAND DOCS
// of names, in RESP3 for generation and in both protocols for the golden
// files.
func fetchLive(addr string, names []string) (*source, error) {
	args := func(sub string) []string { return append([]string{"COMMAND", sub}, names...) }
	c3, err := dial(addr)
	if err != nil {
		return nil, err
	}
	defer c3.Close()
	hello, err := c3.do("HELLO", "3")
	if err != nil {
		return nil, err
	}
	if v, _ := hello.Get("version"); v.Str != redisVersion {
		return nil, fmt.Errorf("%s runs redis %q; the table reproduces %s", addr, v.Str, redisVersion)
	}
	info3, err := c3.do(args("INFO")...)
	if err != nil {
		return nil, err
	}
	docs3, err := c3.do(args("DOCS")...)
	if err != nil {
		return nil, err
	}
	c2, err := dial(addr)
	if err != nil {
		return nil, err
	}
	defer c2.Close()
	info2, err := c2.do(args("INFO")...)
	if err != nil {
		return nil, err
	}
	docs2, err := c2.do(args("DOCS")...)
	if err != nil {
		return nil, err
	}
	s, err := fromReplies(names, info3, docs3)
	if err != nil {
		return nil, err
	}
	s.golden = map[string][]byte{
		infoGolden: info2.Raw, info3Golden: info3.Raw,
		docsGolden: docs2.Raw, docs3Golden: docs3.Raw,
	}
	return s, nil
}

// loadOffline reads the RESP3 replies captured under dir/testdata.
func loadOffline(dir string, names []string) (*source, error) {
	read := func(f string) (respval.Value, error) {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return respval.Value{}, err
		}
		return respval.ParseAll(b)
	}
	info, err := read(info3Golden)
	if err != nil {
		return nil, err
	}
	docs, err := read(docs3Golden)
	if err != nil {
		return nil, err
	}
	// The captured reply answers the names of its own capture, not
	// necessarily today's table: unknown entries just stay missing.
	return fromReplies(nil, info, docs)
}

type conn struct {
	net.Conn
	r *bufio.Reader
}

func dial(addr string) (*conn, error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	return &conn{Conn: c, r: bufio.NewReaderSize(c, 1<<16)}, nil
}

// do sends one command and reads its reply; an error reply is an error.
func (c *conn) do(args ...string) (respval.Value, error) {
	c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := c.Write(respval.Encode(nil, args...)); err != nil {
		return respval.Value{}, err
	}
	v, err := respval.Read(c.r)
	if err != nil {
		return respval.Value{}, err
	}
	if v.Kind == '-' {
		return respval.Value{}, fmt.Errorf("%s: %s", strings.Join(args[:min(2, len(args))], " "), v.Str)
	}
	return v, nil
}
