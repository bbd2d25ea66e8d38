-- wrk script for the reputation service: each request carries a distinct pre-signed document.
-- Env: BENCH_DIR (directory written by service-bench), BENCH_ENDPOINT (reputation_request | reward_allocation).
-- Threads take disjoint slices of the documents, so no signature is ever sent twice.

local dir = os.getenv("BENCH_DIR") or ".build/bench"
local endpoint = os.getenv("BENCH_ENDPOINT") or "reputation_request"

local threads = {}
local counter = 1
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(dir .. "/" .. endpoint .. ".template.json", "r"))
  local template = f:read("*a")
  f:close()
  local s, e = string.find(template, "@@SIGNATURE@@", 1, true)
  prefix = string.sub(template, 1, s - 1)
  suffix = string.sub(template, e + 1)
  docs = {}
  local n = 0
  local total = tonumber(os.getenv("BENCH_THREADS") or "2")
  for line in io.lines(dir .. "/" .. endpoint .. ".docs") do
    n = n + 1
    if (n % total) == (id - 1) then table.insert(docs, line) end
  end
  index = 0
  wrk.method = "POST"
  wrk.path = "/" .. endpoint
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  index = index + 1
  local doc = docs[index]
  if doc == nil then
    -- Out of documents: stop rather than replay one.
    wrk.thread:stop()
    return wrk.format("GET", "/healthz", {}, nil)
  end
  return wrk.format(nil, nil, nil, prefix .. doc .. suffix)
end

function done(summary, latency, requests)
  io.write(string.format("requests: %d, errors: connect %d read %d write %d non-2xx/3xx %d timeout %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
