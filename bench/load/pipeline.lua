-- wrk script: HTTP/1.1 pipelining, as in TechEmpower's plaintext test. Each write carries <depth> copies of
-- the request (default 16): wrk -s pipeline.lua http://127.0.0.1:5100/plaintext -- 16
-- wrk counts every response, so requests/s is responses per second; latency is per batch.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or ""
dofile(dir .. "report.lua")

local batch
init = function(args)
   local depth = tonumber(args[1]) or 16
   local r = {}
   for i = 1, depth do
      r[i] = wrk.format(nil)
   end
   batch = table.concat(r)
end

request = function()
   return batch
end
