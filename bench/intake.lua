-- wrk script: durable event intake. Each request reports one event at a point inside a
-- grid of the demo town, as a resident (native API, JSON) or as an Open311 client
-- (form-encoded, api_key).
--
-- Usage: wrk -t2 -c64 -d15s -s bench/intake.lua URL -- MODE CREDENTIAL POINTS_FILE
--   MODE native: CREDENTIAL is a bearer token;  MODE open311: CREDENTIAL is an API key.
--   POINTS_FILE: lines "lat lng" inside grids (lib.sh points_file writes it).
-- bench/intake_paced.lua sends the same requests at a set rate.

local mode, credential
local points = {}
local pool = {}
local n = 0
local POOL = 4096

-- The requests are built once, in init (4,096 per thread, each a different point, category
-- and description) and then sent in turn: the load generator shares the machine's two cores
-- with the server, so its per-request work (building a body, a Lua callback per answer) is
-- kept out of the measured loop. Answers are not inspected here: wrk counts the non-2xx
-- ones, and intake_bench.sh invalidates a run that had any (the server's log has them).
function init(args)
  mode = args[1] or error("intake.lua: MODE CREDENTIAL POINTS_FILE after --")
  credential = args[2]
  for line in io.lines(args[3]) do
    local lat, lng = line:match("^(%S+) (%S+)$")
    if lat then points[#points + 1] = { lat, lng } end
  end
  assert(#points > 0, "no points")
  local headers = {}
  if mode == "native" then
    headers["Content-Type"] = "application/json"
    headers["Authorization"] = "Bearer " .. credential
  else
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  local categories = { "0301", "0401", "0403", "0502", "0101", "0303" }
  for i = 1, POOL do
    local p = points[(i % #points) + 1]
    local cat = categories[(i % #categories) + 1]
    if mode == "native" then
      local body = '{"category":"' .. cat .. '","description":"压测事件 ' .. i .. ' 路边垃圾堆放","lat":' .. p[1] ..
          ',"lng":' .. p[2] .. ',"phone":"13800138000"}'
      pool[i] = wrk.format("POST", "/api/v1/events", headers, body)
    else
      local body = "api_key=" .. credential .. "&service_code=" .. cat .. "&lat=" .. p[1] .. "&long=" .. p[2] ..
          "&description=load+test+" .. i .. "&phone=13800138000"
      pool[i] = wrk.format("POST", "/open311/v2/requests.json", headers, body)
    end
  end
end

function request()
  n = n % POOL + 1
  return pool[n]
end
