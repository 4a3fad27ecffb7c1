-- wrk: the connectors framework's connected() and error() (connectors/protocol/connectors.py:723,
-- :730) as index-view updates over random connectors, a quarter of them resets. They go through
-- PUT _error's coalesced statement. CONNECTORS comes from the environment.
dofile("bench/report.lua")

local connectors = tonumber(os.getenv("CONNECTORS") or "10000")

local headers = { ["Content-Type"] = "application/json", ["Authorization"] = os.getenv("AUTH") }

request = function()
  local r = math.random(0, 3)
  local body = r == 0 and '{"doc":{"status":"connected","error":null}}'
    or '{"doc":{"status":"error","error":"message ' .. r .. '"}}'
  return wrk.format("POST", "/.elastic-connectors/_update/c-" .. math.random(1, connectors), headers, body)
end
