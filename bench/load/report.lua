-- wrk script: prints one machine-readable line after the run, which run.sh parses.
--   RESULT <requests> <requests/s> <p50 µs> <p99 µs> <socket errors> <non-2xx/3xx responses>
-- Used on its own for plain runs (wrk keeps its fast path: no request() here), and by pipeline.lua.
done = function(summary, latency, requests)
   local e = summary.errors
   io.write(string.format("RESULT %d %.1f %.1f %.1f %d %d\n",
      summary.requests,
      summary.requests / (summary.duration / 1e6),
      latency:percentile(50),
      latency:percentile(99),
      e.connect + e.read + e.write + e.timeout,
      e.status))
end
