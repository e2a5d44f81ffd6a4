co = coroutine.wrap(function()
  co()
end)

local ok, msg = pcall(function()
  co()
end)
-- luakv: Lua 5.1's texts.
assert(not ok and string.find(msg, "cannot resume running coroutine"))

co = coroutine.wrap(function()
  return 1
end)
assert(co() == 1)
local ok, msg = pcall(function()
  co()
end)
assert(not ok and string.find(msg, "cannot resume dead coroutine"))
