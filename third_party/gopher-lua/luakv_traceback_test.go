package lua

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// quadraticStackTrace is gopher-lua's original stackTrace, the reference
// for the linear one.
func quadraticStackTrace(ls *LState, level int) string {
	buf := []string{}
	if ls.currentFrame != nil {
		i := 0
		for dbg, ok := ls.GetStack(i); ok; dbg, ok = ls.GetStack(i) {
			cf := dbg.frame
			buf = append(buf, fmt.Sprintf("\t%v in %v", ls.Where(i), ls.formattedFrameFuncName(cf)))
			if !cf.Fn.IsG && cf.TailCall > 0 {
				for tc := cf.TailCall; tc > 0; tc-- {
					buf = append(buf, "\t(tailcall): ?")
					i++
				}
			}
			i++
		}
	}
	buf = append(buf, fmt.Sprintf("\t%v: %v", "[G]", "?"))
	buf = buf[intMax(0, intMin(level, len(buf))):len(buf)]
	if len(buf) > 20 {
		newbuf := make([]string, 0, 20)
		newbuf = append(newbuf, buf[0:7]...)
		newbuf = append(newbuf, "\t...")
		newbuf = append(newbuf, buf[len(buf)-7:len(buf)]...)
		buf = newbuf
	}
	return fmt.Sprintf("%s\n%s", "stack traceback:", strings.Join(buf, "\n"))
}

func TestStackTraceMatchesOriginal(t *testing.T) {
	L := NewState()
	defer L.Close()
	var mismatches []string
	L.SetGlobal("check", L.NewFunction(func(L *LState) int {
		for level := 0; level < 30; level += 3 {
			if got, want := L.stackTrace(level), quadraticStackTrace(L, level); got != want {
				mismatches = append(mismatches, fmt.Sprintf("level %d:\n%s\nwant:\n%s", level, got, want))
			}
		}
		return 0
	}))
	for _, depth := range []int{0, 3, 12, 40} {
		src := fmt.Sprintf(`
			local function tail(n) if n == 0 then check() return 0 end return tail(n - 1) end
			local function f(n) if n == 0 then return tail(3) + 1 end return pcall(f, n - 1) end
			f(%d)`, depth)
		if err := L.DoString(src); err != nil {
			t.Fatal(err)
		}
	}
	if len(mismatches) > 0 {
		t.Fatalf("%d mismatches, first: %s", len(mismatches), mismatches[0])
	}
}

// TestStackTraceDeepIsCheap: each error PCall catches builds a traceback; at
// 19000 frames it cost about a second per pcall before.
func TestStackTraceDeepIsCheap(t *testing.T) {
	L := NewState(Options{CallStackSize: 20000, RegistrySize: 1024, RegistryMaxSize: 1 << 20, RegistryGrowStep: 4096})
	defer L.Close()
	start := time.Now()
	if err := L.DoString(`
		local function f(n)
			if n == 0 then
				for i = 1, 20 do pcall(error, 'x') end
				return 0
			end
			return 1 + f(n - 1)
		end
		f(19000)`); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("20 caught errors at depth 19000 took %v", d)
	}
}
