-- wrk script: durable small writes. Each request creates one new building under one of the
-- 288 units of the demo territory (440404104 平沙镇), with a code unique across the run:
--   index i in [0, 287712) -> unit = units[i % 288], building number = i // 288 + 1 (001..999)
-- Each wrk thread owns the contiguous index range [id*R, (id+1)*R), R = 287712 / threads.
--
-- Usage: wrk -t2 -c64 -d15s -s bench/write.lua http://127.0.0.1:PORT -- TOKEN THREADS
-- A run that needs more than R requests per thread wraps around and gets 409s (duplicates),
-- which wrk reports as non-2xx: such a run is invalid (use a fresh data dir per run).

local communities = { "001", "002", "003", "004", "006", "007", "008", "009", "010", "013", "014" }
local units = {}
for _, c in ipairs(communities) do
  local grids = (c == "014") and 12 or 6
  for g = 1, grids do
    for u = 1, 4 do
      units[#units + 1] = string.format("440404104%s%03d%03d", c, g, u)
    end
  end
end
local NUNITS = #units            -- 288
local TOTAL = NUNITS * 999       -- 287712

-- main state: number the threads
local next_id = 0
local threads = {}
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  threads[#threads + 1] = thread
end

-- thread state
local first, range, n = 0, TOTAL, 0
local wrapped, bad, bad_example = 0, 0, nil

function init(args)
  local token = args[1] or error("write.lua: pass the bearer token after --")
  local nthreads = tonumber(args[2] or "1")
  range = math.floor(TOTAL / nthreads)
  first = id * range
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  if n >= range then wrapped = 1 end
  local i = first + (n % range)
  n = n + 1
  local unit = units[(i % NUNITS) + 1]
  local code = string.format("%s%03d", unit, math.floor(i / NUNITS) + 1)
  local body = '{"code":"' .. code .. '","name":"压测楼' .. i ..
      '","level":"building","parent_code":"' .. unit .. '"}'
  return wrk.format(nil, "/api/v1/regions", nil, body)
end

function response(status, headers, body)
  if status ~= 201 then
    bad = bad + 1
    if bad_example == nil then bad_example = status .. " " .. string.sub(body or "", 1, 200) end
  end
end

function done(summary, latency, requests)
  local total_bad, any_wrap = 0, 0
  for _, t in ipairs(threads) do
    total_bad = total_bad + (t:get("bad") or 0)
    any_wrap = math.max(any_wrap, t:get("wrapped") or 0)
    local ex = t:get("bad_example")
    if ex then io.write("first non-201 (thread ", t:get("id"), "): ", ex, "\n") end
  end
  io.write(string.format("write.lua: non-201=%d wrapped=%d\n", total_bad, any_wrap))
end
