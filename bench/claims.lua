-- wrk script of bench/http_bench.sh: GET /api/v1/claims/{id} for ids drawn at random from
-- 1..MAX_ID (so that it is not one cached row), sending the session cookie of a logged-in
-- claims officer. The same script drives the bare baseline server, which ignores the path.
-- usage: wrk ... -s bench/claims.lua URL -- MAX_ID [SESSION_TOKEN]
-- At the end it prints one machine-readable line:
--   wrk-result REQUESTS SECONDS RPS P50_MS P90_MS P99_MS MAX_MS NON_2XX_3XX SOCKET_ERRORS

local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("thread_no", counter)
   table.insert(threads, thread)
end

local max_id = 100000

function init(args)
   max_id = tonumber(args[1]) or max_id
   if args[2] and args[2] ~= "" then
      wrk.headers["Cookie"] = "huzhu_session=" .. args[2]
   end
   -- Each wrk thread has its own Lua state: seed them apart.
   math.randomseed(os.time() * 1000 + (thread_no or 0) * 7919)
   for _ = 1, 10 do math.random() end
end

function request()
   return wrk.format("GET", "/api/v1/claims/" .. math.random(1, max_id))
end

function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "wrk-result %d %.2f %.1f %.2f %.2f %.2f %.2f %d %d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000,
      e.status, e.connect + e.read + e.write + e.timeout))
end
