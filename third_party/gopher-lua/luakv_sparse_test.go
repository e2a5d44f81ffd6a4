package lua

import (
	"runtime"
	"testing"
	"time"
)

// TestSparseArrays compares with Redis 7.0.15.
func TestSparseArrays(t *testing.T) {
	tests := []struct{ src, want string }{
		{`local t = {} t[67108863] = 1 return #t`, "0"},
		{`local t = {} t[3]=3 t[2]=2 t[1]=1 return #t`, "3"},
		{`local t = {} t[5]=5 t[4]=4 t[3]=3 t[2]=2 t[1]=1 return #t`, "5"},
		{`local t = {} t[2] = 1 t[1] = 1 t[4] = 1 t[3] = 1 return #t`, "4"},
		{`local t = {1,2,nil,4} return #t`, "4"},
		{`local t = {1,2,nil,nil,5,nil} return #t`, "2"},
		{`local t = {nil,nil,3} return #t`, "3"},
		{`local t = {} t[1]=nil t[2]=2 return #t`, "0"},
		{`local t = {1,2,3} t[2]=nil return #t`, "3"},
		{`local t = {1,2,3} t[3]=nil return #t`, "2"},
		{`local t = {} t[2]=2 return #t`, "0"},
		{`local t = {} t[1]=1 t[3]=3 return #t`, "1"},
		{`local t = {} for i=1,10 do t[i]=i end t[5]=nil return #t`, "10"},
		{`return #{n=1}`, "0"},
		{`local t = {} t[100] = 1 return table.maxn(t)`, "100"},
		{`local t = {} t[2.5] = 1 return tostring(table.maxn(t))`, "2.5"},
		{`local t = {} for i = 1, 100 do t[i * 2] = i end return #t .. ' ' .. table.maxn(t)`, "0 200"},
		{`local t = {n = 1, 10, 20, [5] = 50} local c = 0 for k in pairs(t) do c = c + 1 end return c .. ' ' .. #t .. ' ' .. table.maxn(t)`, "4 2 5"},
		{`local t = {} t[1e15] = 1 t[-3] = 2 t[0] = 3 t[2^53] = 4 return #t .. ' ' .. t[1e15] .. t[-3] .. t[0] .. t[2^53]`, "0 1234"},
		{`local t = {} for i = 10, 1, -1 do t[i] = i end local s = 0 for i, v in ipairs(t) do s = s + v end return #t .. ' ' .. s`, "10 55"},
		{`local t = {3,1,2} t[3] = nil table.sort(t) return t[1]..t[2]`, "13"},
		{`local t = {1,2,3} table.insert(t, 2, 9) return table.concat(t, ',')`, "1,9,2,3"},
		{`local t = {} table.insert(t, 'a') table.insert(t, 'b') return table.concat(t)`, "ab"},
		{`local t = {} t[0] = 'z' table.insert(t, 0, 'a') return t[0] .. t[1]`, "az"},
		{`local t = {1,2,3} table.insert(t, -5, 0) local n = 0 for k, v in pairs(t) do n = n + 1 end return n .. ' ' .. t[-5] .. ' ' .. #t`, "4 0 4"},
		{`local t = {1,2,3} table.insert(t, 10, 0) return #t .. ' ' .. t[10]`, "3 0"},
		{`local t = {1,2,3} table.remove(t, 2) return table.concat(t, ',') .. ' ' .. #t`, "1,3 2"},
		{`local t = {1,2,3} t[3] = nil return tostring(table.remove(t))`, "2"},
		{`return select('#', table.remove({}))`, "0"},
		{`local t = {1,2,3} return select('#', table.remove(t, 7))`, "0"},
		{`local t = {[100]=1, [200]=2, x=3, 7, 8} local n, s = 0, 0 for k, v in pairs(t) do n = n + 1 s = s + v end return n .. ' ' .. s`, "5 21"},
		{`local t = {} t[100]=1 t[200]=2 local n = 0 for k, v in pairs(t) do n = n + 1 end return n`, "2"},
		{`local t = {} t[3]=3 t[2]=2 t[1]=1 local n = 0 for k, v in pairs(t) do n = n + 1 end return n`, "3"},
	}
	L := NewState()
	defer L.Close()
	for _, tc := range tests {
		got, err := luakvRun(t, L, tc.src)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.src, got, err, tc.want)
		}
	}
}

// TestSparseArraysMemory: far integer keys cost a hash entry, not an array
// filled up to them (67M slots, 1 GB, before the patch).
func TestSparseArraysMemory(t *testing.T) {
	L := NewState()
	defer L.Close()
	for _, src := range []string{
		`local t = {} t[67108863] = 1 return #t`,
		`local t = {} rawset(t, 67108863, 1) return #t`,
		`local t = {} table.insert(t, 67108863, 1) return #t`,
		`local t = {1} table.insert(t, -1e15, 1) return #t`,
		`local t = {} for i = 1, 1000 do t[i * 60000] = i end return #t`,
	} {
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		start := time.Now()
		got, err := luakvRun(t, L, src)
		runtime.ReadMemStats(&m1)
		if err != nil || (got != "0" && got != "2") {
			t.Errorf("%s: %q, %v", src, got, err)
		}
		if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 4<<20 {
			t.Errorf("%s: allocated %d bytes", src, alloc)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: took %v", src, d)
		}
	}
}
