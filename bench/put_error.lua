-- wrk: PUT /_connector/c-<n>/_error over random connectors, a mix of messages and null resets,
-- so that both status transitions and noops occur. CONNECTORS comes from the environment.
local connectors = tonumber(os.getenv("CONNECTORS") or "10000")
local bodies = {
  '{"error":null}',
  '{"error":"connection refused"}',
  '{"error":"disk full"}',
  '{"error":"Houston, we have a problem!"}',
}
local headers = { ["Content-Type"] = "application/json" }

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
end

request = function()
  local path = "/_connector/c-" .. math.random(1, connectors) .. "/_error"
  return wrk.format("PUT", path, headers, bodies[math.random(1, #bodies)])
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d requests=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status, errors, summary.requests))
end
