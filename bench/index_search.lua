-- wrk: the connectors framework's search for its connector (connectors/protocol/connectors.py:240,
-- through es/index.py:249) over random connectors. CONNECTORS comes from the environment.
dofile("bench/report.lua")

local connectors = tonumber(os.getenv("CONNECTORS") or "10000")

local headers = { ["Content-Type"] = "application/json", ["Authorization"] = os.getenv("AUTH") }

request = function()
  local body = '{"query":{"bool":{"must_not":[{"term":{"deleted":true}}],"filter":[{"terms":{"_id":["c-'
    .. math.random(1, connectors) .. '"]}}]}},"from":0,"size":100,"seq_no_primary_term":true}'
  return wrk.format("POST", "/.elastic-connectors/_search?expand_wildcards=hidden", headers, body)
end
