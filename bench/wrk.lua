-- wrk script for switchboard: signed (any key) requests, with a unique username per
-- CreateUser so that every request is a real insert. Configured through environment
-- variables set by bench/run.sh: METHOD, BODY_TEMPLATE (with %s for a unique suffix) and
-- PREFIX (of the unique suffix, so that runs against one server do not collide).
local method = os.getenv("METHOD") or "GET"
local template = os.getenv("BODY_TEMPLATE")
local counter = 0
local thread_id = 0
local threads = {}
local next_id = 0
local prefix = os.getenv("PREFIX") or ""

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

function init(args)
  thread_id = tid or 0
end

local headers = {
  ["Content-Type"] = "application/json",
  ["X-Amz-Date"] = "20261123T000000Z",
  ["Authorization"] = "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20261123/us-east-1/connect/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0000",
}

function request()
  local body = nil
  if template then
    counter = counter + 1
    body = string.format(template, string.format("%s%d_%d", prefix, thread_id, counter))
  end
  return wrk.format(method, nil, headers, body)
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
