-- wrk: GET /_connector?from=<random>&size=<LIST_SIZE>, unfiltered, over pages anywhere in the first
-- 10,000 (Elasticsearch's result window). CONNECTORS and LIST_SIZE (default 100) come from the
-- environment.
dofile("bench/report.lua")

local connectors = tonumber(os.getenv("CONNECTORS") or "10000")
local size = tonumber(os.getenv("LIST_SIZE") or "100")
local last_from = math.max(0, math.min(connectors, 10000) - size)

local headers = { ["Authorization"] = os.getenv("AUTH") }

request = function()
  return wrk.format("GET", "/_connector?size=" .. size .. "&from=" .. math.random(0, last_from), headers)
end
