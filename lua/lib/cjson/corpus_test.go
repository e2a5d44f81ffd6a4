package cjson_test

// snippet is a script body returning a string; the prelude of the
// differential test gives it show, dump and canon.
type snippet struct {
	name string
	src  string
}

// snippets is the differential corpus: every function, edge values,
// errors through pcall, and configuration changes. Objects with more than
// one key are compared through canon (decoded, keys sorted), because their
// key order follows each VM's table traversal.
var snippets = []snippet{
	// The module itself.
	{"keys", `local t = {} for k in pairs(cjson) do t[#t+1] = k end table.sort(t) return table.concat(t, ',')`},
	{"name_version", `return cjson._NAME .. ' ' .. cjson._VERSION`},
	{"types", `local t = {} for _, k in ipairs({'encode','decode','new','null','encode_sparse_array'}) do t[#t+1] = type(cjson[k]) end return table.concat(t, ',')`},
	{"null_identity", `return show(cjson.decode('null') == cjson.null, cjson.decode('[null]')[1] == cjson.null, cjson.decode('{"a":null}').a == cjson.null, cjson.new().null == cjson.null, cjson.null == nil)`},
	{"null_tostring", `return type(cjson.null) .. ' ' .. tostring(cjson.null)`},
	{"new_keys", `local t = {} for k in pairs(cjson.new()) do t[#t+1] = k end table.sort(t) return table.concat(t, ',')`},
	{"new_independent", `local c2 = cjson.new() c2.encode_number_precision(3) c2.decode_invalid_numbers(false) return show(cjson.encode(math.pi), c2.encode(math.pi), c2.encode_number_precision(), cjson.encode_number_precision(), try(c2.decode, 'nan'))`},
	{"new_of_new", `local c3 = cjson.new().new() return show(c3.encode({1,'a',true}), c3._NAME)`},

	// Encoding scalars.
	{"enc_scalars", `return show(cjson.encode(nil), cjson.encode(true), cjson.encode(false), cjson.encode(cjson.null), cjson.encode('x'))`},
	{"enc_integers", `return show(cjson.encode(0), cjson.encode(-0), cjson.encode(1), cjson.encode(-1), cjson.encode(100), cjson.encode(2147483647), cjson.encode(-2147483648))`},
	{"enc_big_integers", `return show(cjson.encode(1e14), cjson.encode(99999999999999), cjson.encode(1e15), cjson.encode(123456789012345), cjson.encode(2^53), cjson.encode(2^63), cjson.encode(1e16))`},
	{"enc_fractions", `return show(cjson.encode(0.1), cjson.encode(1/3), cjson.encode(-2/3), cjson.encode(0.1+0.2), cjson.encode(3.14159265358979), cjson.encode(1.5), cjson.encode(-0.5))`},
	{"enc_small", `return show(cjson.encode(1e-4), cjson.encode(1e-5), cjson.encode(0.00012345), cjson.encode(1.5e-7), cjson.encode(5e-324), cjson.encode(2.2250738585072014e-308))`},
	{"enc_large", `return show(cjson.encode(1e300), cjson.encode(1.7976931348623157e308), cjson.encode(-1e100), cjson.encode(123456.789e3))`},
	{"enc_rounding", `return show(cjson.encode(0.5), cjson.encode(2.5), cjson.encode(1.00000000000005), cjson.encode(1.00000000000015), cjson.encode(9.99999999999995), cjson.encode(999999999999995))`},
	{"enc_nan_inf_off", `return show(try(cjson.encode, 1/0), try(cjson.encode, -1/0), try(cjson.encode, 0/0), try(cjson.encode, {1, 1/0}))`},
	{"enc_nan_inf_on", `cjson.encode_invalid_numbers(true) return show(cjson.encode(1/0), cjson.encode(-1/0), cjson.encode(0/0), cjson.encode(-(0/0)), cjson.encode({[1/0]=1}))`},
	{"enc_nan_inf_null", `cjson.encode_invalid_numbers('null') return show(cjson.encode(1/0), cjson.encode(-1/0), cjson.encode(0/0), cjson.encode({1/0, 2}), cjson.encode({[1/0]=1}))`},
	{"enc_inf_key_off", `return show(try(cjson.encode, {[1/0]=1}), try(cjson.encode, {[-1/0]=true}))`},

	// Encoding strings.
	{"enc_strings", `return show(cjson.encode(''), cjson.encode('abc'), cjson.encode('a/b'), cjson.encode('q"q'), cjson.encode('b\\s'), cjson.encode('tab\tnl\ncr\r'))`},
	{"enc_all_bytes", `local t = {} for i = 0, 255 do t[#t+1] = string.char(i) end return cjson.encode(table.concat(t))`},
	{"enc_utf8", `return cjson.encode('héllo € 😀 ' .. string.char(0xff, 0xfe, 0x80))`},
	{"enc_nul", `return cjson.encode('a\0b\0')`},
	{"enc_long_string", `local s = string.rep('ab/"\1', 20000) local e = cjson.encode(s) return show(#e, e:sub(1, 40), cjson.decode(e) == s)`},

	// Encoding arrays and objects.
	{"enc_arrays", `return show(cjson.encode({1,2,3}), cjson.encode({'a',{},{{}},true}), cjson.encode({{1,{2,{3}}}}))`},
	{"enc_empty", `return show(cjson.encode({}), cjson.encode({{}}), cjson.encode({a={}}))`},
	{"enc_holes", `return show(cjson.encode({1,nil,3}), cjson.encode({[1]=1,[3]=3}), cjson.encode({[10]=1}), cjson.encode({nil,nil,nil,4}))`},
	{"enc_sparse_error", `return show(try(cjson.encode, {[11]=1}), try(cjson.encode, {[1]=1,[2]=2,[1000]=3}), try(cjson.encode, {{[2^30]=1}}))`},
	{"enc_sparse_edges", `return show(try(cjson.encode, {[1]=1,[2]=2,[3]=3,[12]=4}), cjson.encode({[1]=1,[2]=2,[3]=3,[4]=4,[5]=5,[11]=6}), try(cjson.encode, {[1]=1,[2]=2,[3]=3,[4]=4,[5]=5,[12]=6}))`},
	{"enc_huge_keys", `return show(cjson.encode({[2^31]=1}), cjson.encode({[2^40]=1}), cjson.encode({[1e300]='x'}), try(cjson.encode, {[2^31-1]=1}))`},
	{"enc_nonarray_keys", `return show(cjson.encode({[0]=1}), cjson.encode({[-1]=1}), cjson.encode({[1.5]=1}), cjson.encode({[-0.25]='q'}))`},
	{"enc_single_key_objects", `return show(cjson.encode({a=1}), cjson.encode({['a/b']='c"d'}), cjson.encode({['']={}}), cjson.encode({a={b={c={}}}}))`},
	{"enc_string_number_key", `return show(cjson.encode({['1']=1}), canon(cjson.encode({['1']='s', [2]='n'})))`},
	{"enc_mixed", `return show(canon(cjson.encode({1, 2, x='y'})), canon(cjson.encode({a=1, b={1,2}, c={d=cjson.null}})), canon(cjson.encode({[1]=1, [1.5]=2})))`},
	{"enc_mixed_order_array_first", `return cjson.encode({1, x=2})`},
	{"enc_null_values", `return show(cjson.encode({cjson.null, 1}), cjson.encode({a=cjson.null}), cjson.encode({cjson.null}))`},
	{"enc_roundtrip", `local s = '{"a":[1,2.5,"x",{"b":null}],"c":{"d":[[],{}]},"e":true,"f":false}' return canon(cjson.encode(cjson.decode(s)))`},
	{"enc_big_array", `local t = {} for i = 1, 10000 do t[i] = i * 1.5 end local e = cjson.encode(t) return show(#e, e:sub(1, 30), e:sub(-30))`},

	// Encoding errors.
	{"enc_bad_values", `return show(try(cjson.encode, function() end), try(cjson.encode, {1, type}), try(cjson.encode, coroutine.create(function() end)), try(cjson.encode, {a=function() end}))`},
	{"enc_bad_keys", `return show(try(cjson.encode, {[true]=1}), try(cjson.encode, {[{}]=1}), try(cjson.encode, {[cjson.null]=1}), try(cjson.encode, {[type]=1}))`},
	{"enc_arg_count", `return show(try(cjson.encode), try(cjson.encode, 1, 2), try(cjson.encode, nil, nil))`},
	{"enc_arg_named", `local ok, e = pcall(function() return cjson.encode() end) local enc = cjson.encode local ok2, e2 = pcall(function() local r = enc(1, 2) return r end) local ok3, e3 = pcall(function() local r = cjson['encode']() return r end) return show(e, e2, e3)`},
	{"enc_error_position", "local ok, e = pcall(function()\n  local x = 1\n  return cjson.encode(function() end)\nend)\nreturn e"},
	{"enc_error_direct_position", "local ok, e = pcall(function()\n\n  local r = cjson.encode({[true]=1}) return r\nend) return e"},
	{"enc_self_method", `return show(try(function() return cjson:encode() end))`},
	{"enc_after_error", `pcall(cjson.encode, {1, 2, function() end}) return cjson.encode({'after'})`},
	{"enc_keep_buffer_off", `local r = {cjson.encode_keep_buffer(false)} r[#r+1] = cjson.encode({1,'two'}) pcall(cjson.encode, {type}) r[#r+1] = cjson.encode('x') r[#r+1] = cjson.encode_keep_buffer() return show(unpack(r))`},
	{"enc_keep_buffer_toggle", `cjson.encode_keep_buffer(false) cjson.encode_keep_buffer(true) return show(cjson.encode({1}), cjson.encode_keep_buffer('off'), cjson.encode({2}), cjson.encode_keep_buffer('on'))`},

	// Encoding depth.
	{"enc_depth_1000", `local t = {} local c = t for i = 1, 999 do c[1] = {} c = c[1] end local e = cjson.encode(t) return show(#e, e:sub(1, 5))`},
	{"enc_depth_1001", `local t = {} local c = t for i = 1, 1000 do c[1] = {} c = c[1] end return show(try(cjson.encode, t))`},
	{"enc_depth_objects", `local t = {} local c = t for i = 1, 1000 do c.a = {} c = c.a end return show(try(cjson.encode, t))`},
	{"enc_depth_cycle", `local t = {} t[1] = t return show(try(cjson.encode, t))`},
	{"enc_max_depth_set", `local r = {cjson.encode_max_depth(3)} r[#r+1] = cjson.encode({{{1}}}) r[#r+1] = select(2, pcall(cjson.encode, {{{{1}}}})) return show(unpack(r))`},
	{"enc_stack_limit_arrays", `cjson.encode_max_depth(100000) local t = {} local c = t for i = 1, 9000 do c[1] = {} c = c[1] end return show(try(cjson.encode, t))`},
	{"enc_stack_limit_objects", `cjson.encode_max_depth(100000) local t = {} local c = t for i = 1, 9000 do c.a = {} c = c.a end return show(try(cjson.encode, t))`},
	{"enc_stack_limit_ok", `cjson.encode_max_depth(100000) local t = {} local c = t for i = 1, 7996 do c[1] = {} c = c[1] end return show(#cjson.encode(t))`},

	// Number precision.
	{"precision_get_set", `return show(cjson.encode_number_precision(), cjson.encode_number_precision(5), cjson.encode_number_precision())`},
	{"precision_values", `local r = {} for p = 1, 14 do cjson.encode_number_precision(p) r[#r+1] = cjson.encode({math.pi, 123456, 0.000123456, 1e-5, 2.5, 1/3, 100}) end return table.concat(r, ' ')`},
	{"precision_keys", `cjson.encode_number_precision(3) return show(cjson.encode({[0.123456]=1}), cjson.encode({[-123456]=1}))`},
	{"precision_errors", `return show(try(cjson.encode_number_precision, 0), try(cjson.encode_number_precision, 15), try(cjson.encode_number_precision, 'x'), try(cjson.encode_number_precision, {}), try(cjson.encode_number_precision, 1, 2), cjson.encode_number_precision())`},
	{"precision_coercions", `return show(cjson.encode_number_precision('7'), cjson.encode_number_precision(3.9), cjson.encode_number_precision(' 0x0a '), cjson.encode_number_precision(2^32 + 4), try(cjson.encode_number_precision, true))`},

	// Integer options.
	{"max_depth_get", `return show(cjson.encode_max_depth(), cjson.decode_max_depth())`},
	{"max_depth_errors", `return show(try(cjson.encode_max_depth, 0), try(cjson.decode_max_depth, -1), try(cjson.encode_max_depth, 'x'), try(cjson.decode_max_depth, 1, 2), try(cjson.encode_max_depth, 2^31), try(cjson.decode_max_depth, 0/0))`},
	{"max_depth_big", `return show(cjson.encode_max_depth(2147483647), cjson.decode_max_depth(2^32 + 7), cjson.encode_max_depth('12'))`},
	{"max_depth_named_error", `return show(try(function() cjson.encode_max_depth(0) end), try(function() local d = cjson.decode_max_depth d(nil, 1) end))`},

	// Sparse array options.
	{"sparse_get", `return show(cjson.encode_sparse_array())`},
	{"sparse_set", `return show(cjson.encode_sparse_array(true, 3, 5), cjson.encode_sparse_array(), cjson.encode_sparse_array('off'), cjson.encode_sparse_array(nil, nil, 20))`},
	{"sparse_convert", `cjson.encode_sparse_array(true) return show(cjson.encode({[11]=1}), cjson.encode({[1]=1,[50]=2}) == '{"1":1,"50":2}' or cjson.encode({[1]=1,[50]=2}) == '{"50":2,"1":1}')`},
	{"sparse_ratio_zero", `cjson.encode_sparse_array(false, 0) return show(cjson.encode({[20]=1}))`},
	{"sparse_ratio_one", `cjson.encode_sparse_array(false, 1, 0) return show(cjson.encode({1,2,3}), try(cjson.encode, {[1]=1,[3]=3}), try(cjson.encode, {[2]=1}))`},
	{"sparse_safe", `cjson.encode_sparse_array(false, 2, 100) return show(#cjson.encode({[100]=1}), try(cjson.encode, {[101]=1}))`},
	{"sparse_ratio_overflow", `cjson.encode_sparse_array(false, 2147483647, 0) return show(cjson.encode({[1]=1,[2]=2,[3]=3}), try(cjson.encode, {[5]=1}))`},
	{"sparse_errors", `return show(try(cjson.encode_sparse_array, 'x'), try(cjson.encode_sparse_array, 5), try(cjson.encode_sparse_array, {}), try(cjson.encode_sparse_array, nil, -1), try(cjson.encode_sparse_array, nil, 'a'), try(cjson.encode_sparse_array, nil, nil, -5), try(cjson.encode_sparse_array, 1, 2, 3, 4))`},
	{"sparse_partial_error", `pcall(cjson.encode_sparse_array, true, -1) return show(cjson.encode_sparse_array())`},

	// Invalid number options.
	{"enc_invalid_options", `return show(cjson.encode_invalid_numbers(), cjson.encode_invalid_numbers('on'), cjson.encode_invalid_numbers('null'), cjson.encode_invalid_numbers(false), cjson.encode_invalid_numbers(true), cjson.encode_invalid_numbers('off'))`},
	{"enc_invalid_errors", `return show(try(cjson.encode_invalid_numbers, 'maybe'), try(cjson.encode_invalid_numbers, 1), try(cjson.encode_invalid_numbers, 1.5), try(cjson.encode_invalid_numbers, {}), try(cjson.encode_invalid_numbers, 'on', 1), try(cjson.encode_invalid_numbers, 'nu\0ll'))`},
	{"dec_invalid_options", `return show(cjson.decode_invalid_numbers(), cjson.decode_invalid_numbers('off'), cjson.decode_invalid_numbers(true), try(cjson.decode_invalid_numbers, 'null'), try(cjson.decode_invalid_numbers, type))`},
	{"keep_buffer_errors", `return show(cjson.encode_keep_buffer(), try(cjson.encode_keep_buffer, 'yes'), try(cjson.encode_keep_buffer, true, false))`},

	// Decoding values.
	{"dec_literals", `return show(cjson.decode('true'), cjson.decode('false'), cjson.decode('null'), cjson.decode('  1  '), cjson.decode('"abc"'), cjson.decode('\t\r\n [] \n'))`},
	{"dec_numbers", `return show(cjson.decode('0'), cjson.decode('-0'), cjson.decode('1.5'), cjson.decode('-1.5e3'), cjson.decode('1E-3'), cjson.decode('1e+2'), cjson.decode('123456789012345678901234567890'))`},
	{"dec_number_precision", `return show(cjson.decode('0.1'), cjson.decode('2.2250738585072011e-308'), cjson.decode('4.9e-324'), cjson.decode('1e-400'), cjson.decode('-1e-400'), cjson.decode('1.7976931348623158e308'), cjson.decode('1e400'), cjson.decode('-1e400'))`},
	{"dec_number_forms", `return show(cjson.decode('1.'), cjson.decode('-.5'), cjson.decode('01'), cjson.decode('-01'), cjson.decode('+1'), cjson.decode('0x10'), cjson.decode('-0x1F'), cjson.decode('0X1p4'), cjson.decode('0x.8'), cjson.decode('0x1.8P-1'))`},
	{"dec_inf_nan", `return show(cjson.decode('inf'), cjson.decode('-inf'), cjson.decode('Infinity'), cjson.decode('-INFINITY'), cjson.decode('+inf'), cjson.decode('nan'), cjson.decode('NaN'), cjson.decode('-nan'), cjson.decode('nan(123)'), cjson.decode('[nan(abc_1),1]')[2])`},
	{"dec_number_prefixes", `return show(try(cjson.decode, '1e'), try(cjson.decode, '1e+'), try(cjson.decode, '0x'), try(cjson.decode, '0xg'), try(cjson.decode, '1.5.5'), try(cjson.decode, 'infx'), try(cjson.decode, 'nanx'), try(cjson.decode, 'nan(12'), try(cjson.decode, '0x1p'))`},
	{"dec_bad_numbers", `return show(try(cjson.decode, '-'), try(cjson.decode, '--1'), try(cjson.decode, '+'), try(cjson.decode, '+-1'), try(cjson.decode, '.5'), try(cjson.decode, 'inx'), try(cjson.decode, 'i'), try(cjson.decode, 'Nope'), try(cjson.decode, '-x'), try(cjson.decode, '[-\255]'))`},
	{"dec_strict_numbers", `cjson.decode_invalid_numbers(false) return show(try(cjson.decode, '0x10'), try(cjson.decode, '+1'), try(cjson.decode, 'inf'), try(cjson.decode, '-inf'), try(cjson.decode, 'nan'), try(cjson.decode, '01'), try(cjson.decode, '-01'), try(cjson.decode, '-.5'), try(cjson.decode, 'Infinity'), try(cjson.decode, '[1, -0x1]'), cjson.decode('-0'), cjson.decode('0.5'), cjson.decode('1.'))`},
	{"dec_long_numbers", `return show(cjson.decode('1' .. string.rep('0', 400)), cjson.decode('0.' .. string.rep('0', 400) .. '1'), cjson.decode(string.rep('9', 30) .. 'e-10'), cjson.decode('0x' .. string.rep('f', 20)), cjson.decode('-0x1p-1075'))`},
	{"dec_partial_words", `return show(try(cjson.decode, 'infinit'), try(cjson.decode, 'nul l'), try(cjson.decode, 'truefalse'), cjson.decode('[true,false,null]'), try(cjson.decode, 'Inf'), try(cjson.decode, 'NAN'), try(cjson.decode, 'nan()'))`},
	{"dec_arrays", `return show(cjson.decode('[1,2,3]'), cjson.decode('[]'), cjson.decode('[[],[[]]]'), cjson.decode('[ 1 , "a" , null , true ]'))`},
	{"dec_objects", `return show(cjson.decode('{"a":1,"b":[1,2],"c":{"d":null}}'), cjson.decode('{}'), cjson.decode(' { "x" : { } } '), cjson.decode('{"a":1,"a":2}'))`},
	{"dec_object_numeric_keys", `local t = cjson.decode('{"1":"a","2":"b"}') return show(t[1], t['1'], #t)`},
	{"dec_nested", `return canon('{"a":{"b":[1,{"c":null}]},"d":[{"e":[[[]]]}]}')`},
	{"dec_big_array", `local d = cjson.decode('[' .. string.rep('7,', 4999) .. '5]') return show(#d, d[1], d[5000])`},
	{"dec_big_string", `local s = string.rep('x', 100000) local d = cjson.decode('"' .. s .. '"') return show(#d, d == s)`},

	// Decoding strings.
	{"dec_escapes", `return cjson.decode('"\\"\\\\\\/\\b\\f\\n\\r\\t"')`},
	{"dec_unicode", `return cjson.decode('"\\u0041\\u00e9\\u00E9\\u20ac\\u0000z\\uffff\\u07ff\\u0800"')`},
	{"dec_surrogates", `return show(cjson.decode('"\\ud83d\\ude00"'), cjson.decode('"\\uD800\\uDC00"'), cjson.decode('"\\udbff\\udfff"'))`},
	{"dec_bad_unicode", `return show(try(cjson.decode, '"\\u12"'), try(cjson.decode, '"\\u12G4"'), try(cjson.decode, '"\\ud800"'), try(cjson.decode, '"\\ud800\\u0041"'), try(cjson.decode, '"\\udc00\\ud800"'), try(cjson.decode, '"\\ud800\\n"'), try(cjson.decode, '"ab\\u'))`},
	{"dec_bad_escapes", `return show(try(cjson.decode, '"\\x"'), try(cjson.decode, '"\\a"'), try(cjson.decode, '"\\'), try(cjson.decode, '"abc'), try(cjson.decode, '["a",  "b\\q"]'), try(cjson.decode, '{"k\\z":1}'))`},
	{"dec_raw_controls", `return cjson.decode('"a\tb\nc\1d\127\255"')`},
	{"dec_nul_bytes", `return show(cjson.decode('12\0garbage'), cjson.decode('[1]\0]'), try(cjson.decode, '"a\0b"'), try(cjson.decode, '\0\0'), try(cjson.decode, 'a\0'), try(cjson.decode, '[\0'))`},

	// Decoding syntax errors.
	{"dec_empty", `return show(try(cjson.decode, ''), try(cjson.decode, ' '), try(cjson.decode, '\n\t'))`},
	{"dec_unbalanced", `return show(try(cjson.decode, '['), try(cjson.decode, ']'), try(cjson.decode, '{'), try(cjson.decode, '}'), try(cjson.decode, '[1'), try(cjson.decode, '{"a":1'))`},
	{"dec_object_errors", `return show(try(cjson.decode, '{"a"}'), try(cjson.decode, '{"a":}'), try(cjson.decode, '{"a":1,}'), try(cjson.decode, '{1:2}'), try(cjson.decode, '{"a" 1}'), try(cjson.decode, '{"a":1 "b":2}'), try(cjson.decode, '{,}'))`},
	{"dec_array_errors", `return show(try(cjson.decode, '[1,]'), try(cjson.decode, '[1 2]'), try(cjson.decode, '[,1]'), try(cjson.decode, '[1,,2]'), try(cjson.decode, '[1:2]'), try(cjson.decode, '[@]'))`},
	{"dec_words", `return show(try(cjson.decode, 'tru'), try(cjson.decode, 'nul'), try(cjson.decode, 'falsey'), try(cjson.decode, 'True'), try(cjson.decode, 'NULL'), try(cjson.decode, 'undefined'), try(cjson.decode, "'a'"))`},
	{"dec_trailing", `return show(try(cjson.decode, '1 2'), try(cjson.decode, '[1]x'), try(cjson.decode, '"a"  "b"'), try(cjson.decode, '{} {}'), try(cjson.decode, 'null,'), try(cjson.decode, '[]]'))`},
	{"dec_arg_errors", `return show(try(cjson.decode), try(cjson.decode, 1, 2), try(cjson.decode, {}), try(cjson.decode, nil), try(cjson.decode, true), cjson.decode(123), cjson.decode(1.5), cjson.decode(1e20))`},
	{"dec_error_position", "local r = {}\nr[1] = select(2, pcall(function() return cjson.decode('[') end))\nr[2] = select(2, pcall(function()\n local x = cjson.decode('{') return x end))\nreturn table.concat(r, '|')"},
	{"dec_named_arg_error", `return show(try(function() local v = cjson.decode({}) return v end), try(function() local dec = cjson.decode return dec() end))`},
	{"dec_utf16", `return show(try(cjson.decode, '\0[\0]'), try(cjson.decode, '[\0]\0'), try(cjson.decode, '\0'), cjson.decode('1'))`},

	// Decoding depth.
	{"dec_depth_1000", `local d = cjson.decode(string.rep('[', 1000) .. string.rep(']', 1000)) local n = 0 while type(d) == 'table' and d[1] do d = d[1] n = n + 1 end return show(n)`},
	{"dec_depth_1001", `return show(try(cjson.decode, string.rep('[', 1001) .. string.rep(']', 1001)), try(cjson.decode, string.rep('{"a":', 1001)))`},
	{"dec_max_depth_set", `return show(cjson.decode_max_depth(2), cjson.decode('[[1]]')[1][1], try(cjson.decode, '[[[1]]]'), try(cjson.decode, '{"a":{"b":{}}}'), try(cjson.decode, '  [ [ {'))`},
	{"dec_stack_limit_arrays", `cjson.decode_max_depth(100000) return show(try(cjson.decode, string.rep('[', 9000)))`},
	{"dec_stack_limit_objects", `cjson.decode_max_depth(100000) return show(try(cjson.decode, string.rep('{"a":', 9000)))`},
	{"dec_stack_limit_mixed", `cjson.decode_max_depth(100000) return show(try(cjson.decode, string.rep('{"a":[', 9000)))`},
	{"dec_stack_limit_ok", `cjson.decode_max_depth(100000) local d = cjson.decode(string.rep('[', 7998) .. string.rep(']', 7998)) return show(type(d))`},
}
