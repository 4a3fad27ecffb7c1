-- wrk: GET /_connector/c-<n> over random connectors. CONNECTORS comes from the environment.
dofile("bench/report.lua")

local connectors = tonumber(os.getenv("CONNECTORS") or "10000")

local headers = { ["Authorization"] = os.getenv("AUTH") }

request = function()
  return wrk.format("GET", "/_connector/c-" .. math.random(1, connectors), headers)
end
