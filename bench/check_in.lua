-- wrk: PUT /_connector/c-<n>/_check_in (no body) over random connectors. CONNECTORS and AUTH
-- come from the environment.
dofile("bench/report.lua")

local connectors = tonumber(os.getenv("CONNECTORS") or "10000")
local headers = { ["Authorization"] = os.getenv("AUTH") }

request = function()
  return wrk.format("PUT", "/_connector/c-" .. math.random(1, connectors) .. "/_check_in", headers)
end
