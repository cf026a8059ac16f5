-- wrk script: GET requests cycling through a list of paths, with a bearer token; counts
-- answers that are not 200 (wrk's own "Non-2xx" line covers them too).
--
-- Usage: wrk -t1 -c1 -d10s --latency -s bench/urls.lua URL -- TOKEN PATHS_FILE

local paths = {}
local n = 0

function init(args)
  local token = args[1] or error("urls.lua: TOKEN PATHS_FILE after --")
  for line in io.lines(args[2]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  assert(#paths > 0, "no paths")
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
