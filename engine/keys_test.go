package engine

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
)

// A keyword searched from the end, as MIGRATE's KEYS (whose real spec is
// incomplete, so Redis never shows this evaluation for it).
func TestGetKeysKeywordFromEnd(t *testing.T) {
	cmd := &Command{Name: "x", Arity: -2, Specs: []KeySpec{{Flags: KeyRW, Begin: Keyword("KEYS", -2), Find: KeyRange(-1, 1, 0)}}}
	cases := []struct {
		args string
		want []int // nil: ErrGetKeysInvalidArgs
	}{
		{"x h p k 0 5000 KEYS a b", []int{7, 8}},
		{"x h p k 0 5000 keys a", []int{7}},
		{"x h KEYS a", []int{3}},
		{"x KEYS a", nil}, // searching from the end never reaches argv[1]
		{"x a KEYS", nil}, // nor the last word (start = argc-2)
		{"x KEYS", nil},
		{"x h KEYS\x00junk b", []int{3}}, // compared as a C string
	}
	for _, tc := range cases {
		args := bytes.Split([]byte(tc.args), []byte(" "))
		keys, err := cmd.GetKeys(args)
		if tc.want == nil {
			if err != ErrGetKeysInvalidArgs {
				t.Errorf("%q: got %v, %v; want %v", tc.args, keys, err, ErrGetKeysInvalidArgs)
			}
			continue
		}
		var got []int
		for _, k := range keys {
			got = append(got, k.Pos)
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %v, %v; want %v", tc.args, got, err, tc.want)
		}
	}
}

func TestGetKeysUnknownAndIncompleteSpecs(t *testing.T) {
	unknown := &Command{Name: "x", Arity: -2, Specs: []KeySpec{{Flags: KeyRO, Begin: Index(1), Find: KeyRange(0, 1, 0)}, {Flags: KeyRO, Begin: BeginSearch{Unknown: true}, Find: FindKeys{Unknown: true}}}}
	incomplete := &Command{Name: "x", Arity: -2, Specs: []KeySpec{{Flags: KeyRO | KeyIncomplete, Begin: Index(1), Find: KeyRange(0, 1, 0)}}}
	notKey := &Command{Name: "x", Arity: -2, Specs: []KeySpec{{Flags: KeyRO | KeyNotKey, Begin: Index(1), Find: KeyRange(0, 1, 0)}}}
	args := [][]byte{[]byte("x"), []byte("k")}
	for _, cmd := range []*Command{unknown, incomplete} {
		if _, err := cmd.GetKeys(args); err != ErrGetKeysInvalidArgs {
			t.Errorf("%+v: err %v, want %v", cmd.Specs, err, ErrGetKeysInvalidArgs)
		}
	}
	if _, err := notKey.GetKeys(args); err != ErrCommandNoKeys {
		t.Errorf("not_key only: err %v, want %v", err, ErrCommandNoKeys)
	}
}

func TestAtoi(t *testing.T) {
	cases := map[string]int{
		"12": 12, " \t12x": 12, "-3": -3, "+4": 4, "x": 0, "": 0, "1\x002": 1,
		"4294967297": 1, "2147483648": math.MinInt32,
		"99999999999999999999":  -1, // strtol saturates at LONG_MAX, whose low 32 bits are all ones
		"-99999999999999999999": 0,  // LONG_MIN's low 32 bits are zero
	}
	for in, want := range cases {
		if got := atoi([]byte(in)); got != want {
			t.Errorf("atoi(%q) = %d, want %d", in, got, want)
		}
	}
}

// FuzzGetKeys runs random arguments through every row's key specs (and the
// rows keysTestRows adds): GetKeys must neither panic nor return a position
// outside args, and COMMAND GETKEYSANDFLAGS must answer.
func FuzzGetKeys(f *testing.F) {
	e := keysTestEngine(f)
	cl := testClient(e)
	var cmds []*Command
	for _, c := range e.table.Commands() {
		cmds = append(cmds, c)
		cmds = append(cmds, c.SubCmd...)
	}
	for _, tc := range getKeysCases {
		words := strings.Fields(tc.cmd)[2:]
		for i, c := range cmds {
			if strings.EqualFold(c.Name, words[0]) {
				f.Add(uint16(i), []byte(strings.Join(words[1:], "\n")))
			}
		}
	}
	for i := range cmds {
		f.Add(uint16(i), []byte("k\n-1\n2\nSTORE\nGET\n4294967297"))
	}
	f.Fuzz(func(t *testing.T, which uint16, raw []byte) {
		cmd := cmds[int(which)%len(cmds)]
		args := [][]byte{[]byte(cmd.Name)}
		if cmd.Parent != nil {
			args = [][]byte{[]byte(cmd.Parent.Name), []byte(cmd.BaseName())}
		}
		if len(raw) > 0 {
			args = append(args, bytes.Split(raw, []byte("\n"))...)
		}
		keys, err := cmd.GetKeys(args)
		if err != nil && len(keys) != 0 {
			t.Fatalf("%s %q: keys %v with error %v", cmd.Name, args, keys, err)
		}
		for _, k := range keys {
			if k.Pos < 1 || k.Pos >= len(args) {
				t.Fatalf("%s %q: key position %d out of range", cmd.Name, args, k.Pos)
			}
		}
		line := []string{"COMMAND", "GETKEYSANDFLAGS"}
		for _, a := range args {
			line = append(line, string(a))
		}
		if reply := do(e, cl, line...); strings.HasPrefix(reply, "-ERR internal error") {
			t.Fatalf("%q: %s", line, reply)
		}
	})
}
