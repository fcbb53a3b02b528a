-- wrk's results as one JSON line, for bench/throughput.py:
--
--     wrk -t2 -c16 -d10s --latency -s bench/wrk/report.lua URL
--
-- rps: requests per second over the run; p50_ms, p99_ms: latency percentiles in milliseconds;
-- requests: completed requests; non_2xx: responses with a status above 399 (what wrk counts as
-- status errors; a 3xx is not counted); connect, read, write, timeout: socket errors and
-- requests that took longer than wrk's timeout (2 s).
--
-- Only done() is defined: a response() callback would make wrk parse every response in Lua,
-- which slows it down more than the fastest servers it measures.

function done(summary, latency, requests)
   local errors = summary.errors
   io.write(string.format(
      '{"rps": %.2f, "p50_ms": %.3f, "p99_ms": %.3f, "requests": %d, "non_2xx": %d, '
         .. '"connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
      summary.requests / summary.duration * 1e6,
      latency:percentile(50) / 1000,
      latency:percentile(99) / 1000,
      summary.requests,
      errors.status,
      errors.connect,
      errors.read,
      errors.write,
      errors.timeout
   ))
end
