-- wrk script for bench/bench_http.py: POSTs Slack slash commands, each signed (Slack's v0
-- HMAC-SHA256 of "v0:{timestamp}:{body}") by the benchmark just before the run, read from the
-- file named by the environment's SIGNED_REQUESTS: one request per line, "timestamp<TAB>
-- signature<TAB>body". Bolt verifies each signature (timestamps are fresh: within 5 minutes).
-- Thread k of n (WRK_THREADS) starts k/n of the way into the pool, so the threads never ask
-- the same question close together.
-- done() prints one line: RESULT requests errors non2xx p50_us p99_us duration_us.

local pool = {}
local next_one = 1
local started = 0

function setup(thread)
  thread:set("index", started)
  started = started + 1
end

function init(args)
  for line in io.lines(os.getenv("SIGNED_REQUESTS")) do
    local ts, sig, body = line:match("^(%d+)\t(v0=%x+)\t(.*)$")
    pool[#pool + 1] = wrk.format("POST", "/slack/events", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Slack-Request-Timestamp"] = ts,
      ["X-Slack-Signature"] = sig,
    }, body)
  end
  local threads = tonumber(os.getenv("WRK_THREADS")) or 1
  next_one = math.floor((index or 0) * #pool / threads)
end

function request()
  next_one = next_one % #pool + 1
  return pool[next_one]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), summary.duration))
end
