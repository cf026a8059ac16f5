-- wrk: one POST per token of a file, each token used once (its account's one vote, or its
-- one receipt), spread over the threads; once its share is used a thread asks /healthz
-- until the benchmark stops wrk (a thread stopped at once could drop a request in flight).
-- Arguments: TOKENS_FILE PATH BODY THREADS (THREADS = wrk's -t)
local count = 0

function setup(thread)
  thread:set("id", count)
  count = count + 1
end

function init(args)
  tokens = {}
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
  path, body, nthreads = args[2], args[3], tonumber(args[4])
  next_index = id + 1
end

function request()
  if next_index > #tokens then
    return wrk.format("GET", "/healthz")
  end
  local t = tokens[next_index]
  next_index = next_index + nthreads
  return wrk.format("POST", path, {["Authorization"] = "Bearer " .. t, ["Content-Type"] = "application/json"}, body)
end
