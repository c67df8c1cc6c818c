-- Request the paths listed in a file, one per line as "path<TAB>cookie"
-- (the cookie may be empty), in turn from a different starting line on each
-- thread, and print the results as one JSON line after "RESULT ".
--   wrk -t1 -c8 -d20s -s bench/wrk/paths.lua http://127.0.0.1:8000 -- paths.txt

local requests_list = {}
local position = 1

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot open the path list " .. tostring(args[1]))
  for line in file:lines() do
    local path, cookie = line:match("^([^\t]+)\t?(.*)$")
    if path then
      local headers = {}
      if cookie ~= "" then headers["Cookie"] = cookie end
      table.insert(requests_list, wrk.format("GET", path, headers))
    end
  end
  file:close()
  position = math.random(#requests_list)
end

function request()
  local prepared = requests_list[position]
  position = position % #requests_list + 1
  return prepared
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f, ' ..
    '"p99_ms": %.2f, "max_ms": %.2f, "non_2xx_3xx": %d, "socket_errors": %d, "timeouts": %d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors.status, errors.connect + errors.read + errors.write, errors.timeout))
end
