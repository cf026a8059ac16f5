-- wrk script: durable event intake. Each request reports one event at a point inside a
-- grid of the demo town, as a resident (native API, JSON) or as an Open311 client
-- (form-encoded, api_key).
--
-- Usage: wrk -t2 -c64 -d15s -s bench/intake.lua URL -- MODE CREDENTIAL POINTS_FILE
--   MODE native: CREDENTIAL is a bearer token;  MODE open311: CREDENTIAL is an API key.
--   POINTS_FILE: lines "lat lng" inside grids (intake_bench.sh writes it).

local mode, credential
local points = {}
local n = 0
local bad, bad_example = 0, nil
local threads = {}

function setup(thread) threads[#threads + 1] = thread end

function init(args)
  mode = args[1] or error("intake.lua: MODE CREDENTIAL POINTS_FILE after --")
  credential = args[2]
  for line in io.lines(args[3]) do
    local lat, lng = line:match("^(%S+) (%S+)$")
    if lat then points[#points + 1] = { lat, lng } end
  end
  assert(#points > 0, "no points")
  wrk.method = "POST"
  if mode == "native" then
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. credential
  else
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
end

local categories = { "0301", "0401", "0403", "0502", "0101", "0303" }

function request()
  n = n + 1
  local p = points[(n % #points) + 1]
  local cat = categories[(n % #categories) + 1]
  if mode == "native" then
    local body = '{"category":"' .. cat .. '","description":"压测事件 ' .. n .. ' 路边垃圾堆放","lat":' .. p[1] ..
        ',"lng":' .. p[2] .. ',"phone":"13800138000"}'
    return wrk.format(nil, "/api/v1/events", nil, body)
  end
  local body = "api_key=" .. credential .. "&service_code=" .. cat .. "&lat=" .. p[1] .. "&long=" .. p[2] ..
      "&description=load+test+" .. n .. "&phone=13800138000"
  return wrk.format(nil, "/open311/v2/requests.json", nil, body)
end

function response(status, headers, body)
  if status ~= 201 then
    bad = bad + 1
    if bad_example == nil then bad_example = status .. " " .. string.sub(body or "", 1, 200) end
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do
    total = total + (t:get("bad") or 0)
    local ex = t:get("bad_example")
    if ex then io.write("first non-201: ", ex, "\n") end
  end
  io.write(string.format("intake.lua: non-201=%d\n", total))
end
