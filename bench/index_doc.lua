-- wrk: the connectors framework's reload of its connector (es/document.py:44) over random
-- connectors. CONNECTORS comes from the environment.
dofile("bench/report.lua")

local connectors = tonumber(os.getenv("CONNECTORS") or "10000")

local headers = { ["Authorization"] = os.getenv("AUTH") }

request = function()
  return wrk.format("GET", "/.elastic-connectors/_doc/c-" .. math.random(1, connectors), headers)
end
