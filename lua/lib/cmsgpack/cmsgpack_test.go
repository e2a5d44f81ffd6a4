package cmsgpack_test

import (
	"testing"

	"luakv/lua/lib/cmsgpack"
	"luakv/lua/lib/internal/libtest"
)

var globals = []libtest.Global{{Name: "cmsgpack", Loader: cmsgpack.Loader}}

// cases run in redis-server and locally; each returns a string. Maps with
// more than one key are not packed byte for byte: their order is the
// table's iteration order (see the package doc).
var cases = []libtest.Case{
	{"keys", `local t = {} for k, v in pairs(cmsgpack) do t[#t+1] = k .. ':' .. type(v) end table.sort(t) return table.concat(t, ' ')`},
	{"metadata", `return p(cmsgpack._NAME, cmsgpack._VERSION, cmsgpack._COPYRIGHT, cmsgpack._DESCRIPTION)`},
	{"pack small ints", `return hex(cmsgpack.pack(0, 1, 127, 128, 255, 256, 65535, 65536, 2^32 - 1, 2^32, 2^53, 2^62))`},
	{"pack negative ints", `return hex(cmsgpack.pack(-1, -32, -33, -128, -129, -32768, -32769, -2^31, -2^31 - 1, -2^53, -2^63))`},
	{"pack int limits", `return hex(cmsgpack.pack(2^63, -2^63 - 2^11, 2^64, -2^64, 1e300))`},
	{"pack floats", `return hex(cmsgpack.pack(0.5, 0.1, -1.5, 1/3, 2^-149, 2^-1074, 3.4028234663852886e38, 3.4028235677973366e38))`},
	{"pack specials", `return hex(cmsgpack.pack(1/0, -1/0, 0/0))`},
	{"pack negative zero", `local z = 0 z = -z return hex(cmsgpack.pack(z))`},
	{"pack strings", `return hex(cmsgpack.pack('', 'a', string.rep('x', 31), 'a\0b'))`},
	{"pack string sizes", `local out = {} for _, n in ipairs({32, 255, 256, 65535, 65536, 70000}) do out[#out+1] = hex(cmsgpack.pack(string.rep('y', n)):sub(1, 6)) end return table.concat(out, ' ')`},
	{"pack bools and nil", `return hex(cmsgpack.pack(true, false, nil))`},
	{"pack other types", `return hex(cmsgpack.pack(tostring, coroutine.create(function() end)))`},
	{"pack empty table", `return hex(cmsgpack.pack({}))`},
	{"pack arrays", `return hex(cmsgpack.pack({1, 2, 3}, {'a', {true}}, {{}, {{}}}))`},
	{"pack array sizes", `local out = {} for _, n in ipairs({15, 16, 65535, 65536}) do local t = {} for i = 1, n do t[i] = 0 end out[#out+1] = hex(cmsgpack.pack(t):sub(1, 5)) end return table.concat(out, ' ')`},
	{"pack single key maps", `return hex(cmsgpack.pack({a = 1}, {[0] = 'z'}, {[1.5] = 2}, {[-1] = 3}, {[2] = 'b'}, {[true] = false}, {[2^31] = 1}))`},
	{"pack map sizes", `local out = {} for _, n in ipairs({15, 16, 65536}) do local t = {} for i = 1, n do t['k' .. i] = i end out[#out+1] = hex(cmsgpack.pack(t):sub(1, n < 16 and 1 or n < 65536 and 3 or 5)) end return table.concat(out, ' ')`},
	{"pack holes make maps", `local m = cmsgpack.pack({1, 2, nil, 4}) return hex(m:sub(1, 1)) .. ' ' .. p(cmsgpack.unpack(m))`},
	{"pack nesting limit", `local t = {} for i = 1, 20 do t = {t} end return hex(cmsgpack.pack(t))`},
	{"pack nesting in maps", `local t = 'leaf' for i = 1, 18 do t = {x = t} end return hex(cmsgpack.pack(t))`},
	{"pack cycle", `local t = {} t[1] = t return hex(cmsgpack.pack(t))`},
	{"pack varargs", `return hex(cmsgpack.pack(1, 'a', {2}, nil, false))`},
	{"pack metatable ignored", `local t = setmetatable({}, {__index = function() return 1 end}) return hex(cmsgpack.pack(t, setmetatable({5}, {__len = function() return 9 end})))`},
	{"pack no args", `return pc(cmsgpack.pack)`},
	{"pack no args direct", `return p(pcall(function() return cmsgpack.pack() end))`},
	{"pack 4000 args", `local t = {} for i = 1, 4000 do t[i] = i end return p(#cmsgpack.pack(unpack(t)))`},
	{"pack 4001 args", `local t = {} for i = 1, 4001 do t[i] = i end return pc(cmsgpack.pack, unpack(t))`},
	{"pack stack 3999 table", `local t = {} for i = 1, 3999 do t[i] = i end t[3999] = {} return p(#cmsgpack.pack(unpack(t)))`},
	{"pack stack 4000 table", `local t = {} for i = 1, 4000 do t[i] = i end t[4000] = {} return pc(cmsgpack.pack, unpack(t))`},
	{"pack stack nested array", `local t = {} for i = 1, 3999 do t[i] = i end t[3999] = {{}} return pc(cmsgpack.pack, unpack(t))`},
	{"pack stack map", `local t = {} for i = 1, 3999 do t[i] = i end t[3999] = {a = 1} return pc(cmsgpack.pack, unpack(t))`},
	{"pack stack map 3998", `local t = {} for i = 1, 3998 do t[i] = i end t[3998] = {a = {b = 1}} return p(#cmsgpack.pack(unpack(t)))`},
	{"pack stack early table", `local t = {} for i = 1, 4000 do t[i] = i end t[1] = {{{}}} return p(#cmsgpack.pack(unpack(t)))`},
	{"unpack ints", `return p(cmsgpack.unpack('\0\127\204\255\205\1\0\206\255\255\255\255\224\255\208\128\209\255\1\210\128\0\0\0'))`},
	{"unpack 64-bit", `return p(cmsgpack.unpack('\207\255\255\255\255\255\255\255\255\207\128\0\0\0\0\0\0\0\207\0\32\0\0\0\0\0\1\211\128\0\0\0\0\0\0\0\211\255\255\255\255\255\255\255\254'))`},
	{"unpack floats", `return p(cmsgpack.unpack('\202\63\192\0\0\202\127\128\0\0\202\255\128\0\0\203\63\185\153\153\153\153\153\154\203\127\240\0\0\0\0\0\0'))`},
	{"unpack float nan bits", `local a, b = cmsgpack.unpack('\202\127\192\0\1\203\255\248\0\0\0\0\0\5') return hex(cmsgpack.pack(a, b))`},
	{"unpack strings", `return p(cmsgpack.unpack('\160\161a\217\3abc\218\0\2xy\219\0\0\0\1z'))`},
	{"unpack bools nil", `return p(cmsgpack.unpack('\192\194\195\192'))`},
	{"unpack arrays", `return p(cmsgpack.unpack('\147\1\192\3\144\220\0\2\161a\145\144\221\0\0\0\1\7'))`},
	{"unpack maps", `return p(cmsgpack.unpack('\130\161a\1\161b\145\2\128\222\0\1\1\2\223\0\0\0\1\145\1\2'))`},
	{"unpack map duplicate nil", `local t = cmsgpack.unpack('\130\161a\1\161a\192') return p(next(t))`},
	{"unpack map nil value", `return p(cmsgpack.unpack('\129\161a\192'))`},
	{"unpack map nil key", `return pc(cmsgpack.unpack, '\129\192\1')`},
	{"unpack map nil key direct", `return p(pcall(function() return cmsgpack.unpack('\129\192\1') end))`},
	{"unpack map nan key", `return pc(cmsgpack.unpack, '\129\202\127\192\0\0\1')`},
	{"unpack map table key", `local t = cmsgpack.unpack('\129\145\1\2') local k, v = next(t) return p(k[1], v)`},
	{"unpack empty", `return p(cmsgpack.unpack(''))`},
	{"unpack number arg", `return p(cmsgpack.unpack(12), cmsgpack.unpack(-1.5))`},
	{"unpack bad format", `return p(pcall(cmsgpack.unpack, '\193'), pcall(cmsgpack.unpack, '\196\1a'), pcall(cmsgpack.unpack, '\199\1\1a'), pcall(cmsgpack.unpack, '\212\1\1'), pcall(cmsgpack.unpack, '\1\216'))`},
	{"unpack bad format direct", `return p(pcall(function() return cmsgpack.unpack('\193') end))`},
	{"unpack missing bytes", `return p(pcall(cmsgpack.unpack, '\146\1'), pcall(cmsgpack.unpack, '\205\1'), pcall(cmsgpack.unpack, '\217\5ab'), pcall(cmsgpack.unpack, '\219\0\0'), pcall(cmsgpack.unpack, '\1\2\165abc'))`},
	{"unpack missing bytes huge", `return pc(cmsgpack.unpack, '\221\255\255\255\255\1')`},
	{"unpack bad inside array", `return pc(cmsgpack.unpack, '\146\1\193')`},
	{"unpack no arg", `return pc(cmsgpack.unpack)`},
	{"unpack table arg", `return pc(cmsgpack.unpack, {})`},
	{"unpack extra args", `return p(cmsgpack.unpack('\1\2', 'x', 3))`},
	{"unpack 7999", `return p(select('#', cmsgpack.unpack(string.rep('\1', 7999))))`},
	{"unpack 8000", `return pc(cmsgpack.unpack, string.rep('\1', 8000))`},
	{"unpack 7998 extra arg", `return pc(cmsgpack.unpack, string.rep('\1', 7999), 'x')`},
	{"unpack deep arrays", `return pc(cmsgpack.unpack, string.rep('\145', 5000) .. '\1')`},
	{"unpack deep maps", `return pc(cmsgpack.unpack, string.rep('\129', 9000) .. '\1')`},
	{"unpack deep arrays ok", `local v = cmsgpack.unpack(string.rep('\145', 3000) .. '\1') for i = 1, 3000 do v = v[1] end return p(v)`},
	{"unpack array at limit", `return p(select('#', cmsgpack.unpack(string.rep('\1', 7997) .. '\144')))`},
	{"unpack array past limit", `return pc(cmsgpack.unpack, string.rep('\1', 7998) .. '\144')`},
	{"unpack_one", `return p(cmsgpack.unpack_one('\1\2\3'), cmsgpack.unpack_one('\1\2\3', 2))`},
	{"unpack_one sequence", `local s, out, off = cmsgpack.pack(1, 'a', {2}), {}, 0 while off >= 0 do local v off, v = cmsgpack.unpack_one(s, off) out[#out+1] = show(v) .. '@' .. off end return table.concat(out, ' ')`},
	{"unpack_one empty", `return p(cmsgpack.unpack_one(''), cmsgpack.unpack_one('\1', 1))`},
	{"unpack_one offsets", `return p(pcall(cmsgpack.unpack_one, '\1\2', 3), pcall(cmsgpack.unpack_one, '\1\2', -1), pcall(cmsgpack.unpack_one, '\1\2', 1.7), pcall(cmsgpack.unpack_one, '\1\2', '1'))`},
	{"unpack_one bad offset", `return pc(cmsgpack.unpack_one, '\1', 'x')`},
	{"unpack_one bad offset first", `return pc(cmsgpack.unpack_one, nil, 'x')`},
	{"unpack_one no arg", `return pc(cmsgpack.unpack_one)`},
	{"unpack_one nil offset", `return p(cmsgpack.unpack_one('\1\2', nil))`},
	{"unpack_limit", `return p(cmsgpack.unpack_limit('\1\2\3', 2), cmsgpack.unpack_limit('\1\2\3', 2, 1))`},
	{"unpack_limit zero", `return p(cmsgpack.unpack_limit('\1\2\3', 0))`},
	{"unpack_limit zero offset", `return p(cmsgpack.unpack_limit('\1\2\3', 0, 1))`},
	{"unpack_limit big", `return p(cmsgpack.unpack_limit('\1\2\3', 10))`},
	{"unpack_limit negative", `return p(pcall(cmsgpack.unpack_limit, '\1\2\3', -1, 5), pcall(cmsgpack.unpack_limit, '\1\2\3', 1, -2^32 + 1))`},
	{"unpack_limit past end", `return p(pcall(cmsgpack.unpack_limit, '\1\2\3', 1, 5), pcall(cmsgpack.unpack_limit, '\1\2\3', 1, 2^32 + 5))`},
	{"unpack_limit missing limit", `return pc(cmsgpack.unpack_limit, '\1')`},
	{"unpack_limit number input", `return pc(cmsgpack.unpack_limit, 1)`},
	{"unpack_limit 7998", `return p(select('#', cmsgpack.unpack_limit(string.rep('\1', 8000), 7998)))`},
	{"unpack_limit 7999", `return pc(cmsgpack.unpack_limit, string.rep('\1', 8000), 7999)`},
	{"unpack_limit errors", `return p(pcall(cmsgpack.unpack_limit, '\1\193', 5), pcall(cmsgpack.unpack_limit, '\1\193', 1))`},
	{"roundtrip values", `local v = {1, -1, 0.5, 'str', true, false, {1, 2, {3}}, {k = 'v'}, 2^40, -2^40, 1e300} local out = {} for i, x in ipairs(v) do out[i] = show(cmsgpack.unpack(cmsgpack.pack(x))) end return table.concat(out, ' ')`},
	{"roundtrip big map", `local t = {} for i = 1, 100 do t['k' .. i] = i * 3 end return show(cmsgpack.unpack(cmsgpack.pack(t)))`},
	{"roundtrip mixed map", `local t = {1, 2, 3, x = {y = {z = 'deep'}}, [10] = 'ten', [-5] = 0.25} return show(cmsgpack.unpack(cmsgpack.pack(t)))`},
}

func TestDiffRedis(t *testing.T) {
	if len(cases) < 40 {
		t.Fatalf("corpus has %d cases, want at least 40", len(cases))
	}
	libtest.Diff(t, cases, globals...)
}
