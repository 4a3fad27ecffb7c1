-- wrk: GET /_connector/_stats (beyond Elasticsearch), answered from the housekeeping snapshot.
dofile("bench/report.lua")

local headers = { ["Authorization"] = os.getenv("AUTH") }

request = function()
  return wrk.format("GET", "/_connector/_stats", headers)
end
