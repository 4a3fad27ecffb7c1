-- wrk: PUT /_connector/c-<n>/_error over random connectors, a mix of messages and null resets,
-- so that both status transitions and noops occur. CONNECTORS comes from the environment.
dofile("bench/report.lua")

local connectors = tonumber(os.getenv("CONNECTORS") or "10000")
local bodies = {
  '{"error":null}',
  '{"error":"connection refused"}',
  '{"error":"disk full"}',
  '{"error":"Houston, we have a problem!"}',
}
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = os.getenv("AUTH") }

request = function()
  local path = "/_connector/c-" .. math.random(1, connectors) .. "/_error"
  return wrk.format("PUT", path, headers, bodies[math.random(1, #bodies)])
end
