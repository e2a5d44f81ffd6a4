package respval

import "testing"

func TestParse(t *testing.T) {
	in := "%2\r\n$1\r\na\r\n~2\r\n+x\r\n:-3\r\n$1\r\nb\r\n*-1\r\n"
	v, err := ParseAll([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if string(v.Raw) != in || len(v.Elems) != 4 {
		t.Fatalf("raw %q, %d elements", v.Raw, len(v.Elems))
	}
	a, ok := v.Get("a")
	if !ok || a.Kind != '~' || string(a.Raw) != "~2\r\n+x\r\n:-3\r\n" || a.Elems[1].Int != -3 {
		t.Errorf("a = %+v", a)
	}
	if b, _ := v.Get("b"); !b.Null {
		t.Errorf("b = %+v, want null", b)
	}
	for _, bad := range []string{"$3\r\nab\r\n", "*2\r\n:1\r\n", "?x\r\n", ":1\r\n:2\r\n"} {
		if _, err := ParseAll([]byte(bad)); err == nil {
			t.Errorf("ParseAll(%q) succeeded", bad)
		}
	}
}
