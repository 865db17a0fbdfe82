-- wrk script of the load benchmark (bench/load/generators.py).
--
-- done() prints wrk's figures as one JSON line, so that the benchmark reads exact
-- percentiles instead of parsing wrk's rounded text. Extra arguments after `--` are
-- paths requested in turn (the soak's mixed load); without them wrk sends its one
-- prepared request, which is faster than building each request in Lua.
-- wrk counts a response with a status of 400 or more in errors.status, and socket
-- errors in connect, read, write and timeout: the benchmark requires them all zero.

local paths = {}
local counter = 0

function init(args)
  for index = 1, #args do
    paths[index] = args[index]
  end
  if #paths > 0 then
    -- Defined only here, so that a run with one URL keeps wrk's static request.
    function request()
      counter = counter + 1
      return wrk.format(nil, paths[(counter % #paths) + 1])
    end
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {"p50": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f}}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean
  ))
end
