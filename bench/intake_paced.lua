-- wrk script: bench/intake.lua's event reports at a set rate, as a background load
-- (scale_bench.sh's mixed sets: queue pages read while intake runs).
--
-- Usage: wrk -t1 -c16 -d15s -s bench/intake_paced.lua URL -- MODE CREDENTIAL POINTS_FILE RATE
--   RATE: events a second for each wrk thread. The k-th request of a thread is due k / RATE
--   seconds after its first, whatever connection sends it, so the rate holds while answers
--   come back fast enough for the connections; wrk's Requests/sec says what was reached.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "intake.lua")

-- A monotonic clock in milliseconds (wrk runs LuaJIT, whose ffi reaches libc).
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } wg_timespec;
  int clock_gettime(int clk_id, wg_timespec *tp);
]]
local ts = ffi.new("wg_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local rate, started, sent
local intake_init = init
function init(args)
  intake_init(args)
  rate = tonumber(args[4]) or error("intake_paced.lua: RATE after POINTS_FILE")
end

function delay()
  local t = now_ms()
  started = started or t
  sent = (sent or 0) + 1
  local due = started + sent * 1000 / rate
  return due > t and math.floor(due - t) or 0
end
