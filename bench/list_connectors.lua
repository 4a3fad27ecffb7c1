-- wrk: GET /_connector?from=<random>&size=100, unfiltered, over pages anywhere in the first 10,000
-- (Elasticsearch's result window). CONNECTORS comes from the environment.
dofile("bench/report.lua")

local connectors = tonumber(os.getenv("CONNECTORS") or "10000")
local last_from = math.max(0, math.min(connectors, 10000) - 100)

local headers = { ["Authorization"] = os.getenv("AUTH") }

request = function()
  return wrk.format("GET", "/_connector?size=100&from=" .. math.random(0, last_from), headers)
end
