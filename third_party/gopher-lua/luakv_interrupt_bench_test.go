package lua

import "testing"

// benchLoopScript is a tight VM loop: arithmetic, table writes and calls.
const benchLoopScript = `
local s = 0
for i = 1, 300000 do s = s + i % 7 end
local t = {}
for i = 1, 100000 do t[i] = i end
local function f(x) return x + 1 end
for i = 1, 100000 do s = f(s) end
return s`

func benchmarkVMLoop(b *testing.B, withInterrupt bool) {
	L := NewState()
	defer L.Close()
	if withInterrupt {
		L.SetInterrupt(&Interrupt{})
	}
	fn, err := L.LoadString(benchLoopScript)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		L.Push(fn)
		if err := L.PCall(0, 1, nil); err != nil {
			b.Fatal(err)
		}
		L.Pop(1)
	}
}

// BenchmarkVMLoop measures the VM on a tight loop without an Interrupt set.
func BenchmarkVMLoop(b *testing.B) { benchmarkVMLoop(b, false) }

// BenchmarkVMLoopInterrupt is BenchmarkVMLoop with an Interrupt set (one
// atomic load per instruction).
func BenchmarkVMLoopInterrupt(b *testing.B) { benchmarkVMLoop(b, true) }
