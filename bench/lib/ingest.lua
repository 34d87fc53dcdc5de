-- wrk script for bench/ingest.sh: one PagerDuty Events API v2 trigger per request, ~300 bytes.
--
--   wrk -t2 -c32 -d10s --latency -s bench/lib/ingest.lua http://127.0.0.1:PORT/v2/enqueue -- KEY MODE PREFIX [HOT_KEYS]
--
-- KEY is the integration's routing key. MODE:
--   unique   every request carries a new dedup_key (PREFIX-THREAD-COUNTER): every 202 opens an alert
--   dup90    9 requests in 10 carry one of HOT_KEYS keys (default 1000, PREFIX-hot-N, drawn at
--            random), so they are deduplicated into an open alert; the 10th a new key
--   invalid  as unique, but with severity "fatal": the server parses and validates the event and
--            answers 400 without touching the database (a reference: HTTP + JSON, no commit; Tomcat
--            closes the connection after a 400, so each request also opens a TCP connection)
--   livez    GET /livez instead (a reference: the HTTP stack and its filters on a kept-alive
--            connection, no JSON body, no database); KEY and PREFIX are ignored
-- A response hook counts the statuses in each thread; done() prints machine-readable lines:
--   status CODE COUNT / latency_us P50 P90 P99 MAX / requests N DURATION_US / errors CONNECT READ WRITE STATUS TIMEOUT

local threads = {}
local started = 0

function setup(thread)
  started = started + 1
  thread:set("tid", started)
  table.insert(threads, thread)
end

function init(args)
  key, mode, prefix = args[1], args[2], args[3]
  hot_keys = tonumber(args[4] or "1000")
  if key == nil or prefix == nil or (mode ~= "unique" and mode ~= "dup90" and mode ~= "invalid" and mode ~= "livez") then
    error("usage: -- KEY unique|dup90|invalid|livez PREFIX [HOT_KEYS]")
  end
  severity = mode == "invalid" and "fatal" or "critical"
  counter = 0
  statuses = {}
  headers = { ["Content-Type"] = "application/json" }
  math.randomseed(tid * 7919 + os.time())
end

function request()
  if mode == "livez" then
    return wrk.format("GET", "/livez")
  end
  counter = counter + 1
  local dedup_key
  if mode == "dup90" and counter % 10 ~= 0 then
    dedup_key = prefix .. "-hot-" .. math.random(hot_keys)
  else
    dedup_key = prefix .. "-" .. tid .. "-" .. counter
  end
  local body = '{"routing_key":"' .. key .. '","event_action":"trigger","dedup_key":"' .. dedup_key
    .. '","payload":{"summary":"CPU above 95% on web-042.prod for 5 minutes",'
    .. '"source":"web-042.prod","severity":"' .. severity .. '","component":"nginx",'
    .. '"group":"prod-web","class":"cpu","custom_details":{"load":12.5,"cores":8}}}'
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  for status, n in pairs(total) do
    io.write(string.format("status %d %d\n", status, n))
  end
  io.write(string.format("latency_us %d %d %d %d\n", latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
  io.write(string.format("requests %d %d\n", summary.requests, summary.duration))
  local e = summary.errors
  io.write(string.format("errors %d %d %d %d %d\n", e.connect, e.read, e.write, e.status, e.timeout))
end
