-- A JSON encoder for the tests of deploy/argocd: the object an action returns, back as JSON.
-- Tables with keys 1..n are arrays; every other table is an object (keys sorted).
local function is_array(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  for i = 1, n do
    if t[i] == nil then return false end
  end
  return n > 0
end

local function quote(s)
  s = string.gsub(s, '[%c"\\]', function(c)
    if c == '"' then return '\\"' end
    if c == '\\' then return '\\\\' end
    return string.format('\\u%04x', string.byte(c))
  end)
  return '"' .. s .. '"'
end

function encode(v)
  local kind = type(v)
  if kind == "table" then
    if is_array(v) then
      local items = {}
      for i = 1, #v do items[i] = encode(v[i]) end
      return "[" .. table.concat(items, ",") .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys)
    local fields = {}
    for i, k in ipairs(keys) do fields[i] = quote(k) .. ":" .. encode(v[k]) end
    return "{" .. table.concat(fields, ",") .. "}"
  elseif kind == "string" then
    return quote(v)
  elseif kind == "number" then
    if v == math.floor(v) then return string.format("%d", v) end
    return string.format("%.17g", v)
  elseif kind == "boolean" then
    return tostring(v)
  end
  return "null"
end
