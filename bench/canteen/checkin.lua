-- wrk script: the lunch peak at the counters of every canteen of the city.
-- usage: wrk -c N ... -s checkin.lua URL -- COUNTERS_FILE ELDERS_FILE PACE_MS THREADS OFFSET
--   COUNTERS_FILE  lines "canteen_id token" (one per canteen; the token of the
--                  provider user that runs it)
--   ELDERS_FILE    citizen ID numbers of residents 60+, one a line
--   PACE_MS        mean pause after each answer on a connection (0 = flat
--                  out): a connection is one counter, and its pauses are
--                  drawn from an exponential distribution of that mean, so
--                  the counters are independent (arrivals of a Poisson
--                  process) instead of firing in lockstep; the first pause
--                  comes before the first request, so the run does not open
--                  with every counter at once either
--   OFFSET         where in the (elder, slot) sequence to start, so that a
--                  second run does not repeat the first run's meals
-- Each thread walks its own stride of the elders and gives each elder one
-- subsidised breakfast, lunch and dinner before moving on, so no request is
-- a (legitimately refused) second subsidy unless the run outlasts the list.
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
end

local function lines(path)
  local t = {}
  for l in io.lines(path) do if #l > 0 then t[#t + 1] = l end end
  return t
end

function init(args)
  counters = {}
  for _, l in ipairs(lines(args[1])) do
    local id, token = l:match("^(%d+) (%S+)$")
    counters[#counters + 1] = { path = "/api/v1/eldercare/canteens/" .. id .. "/checkins", auth = "Bearer " .. token }
  end
  elders = lines(args[2])
  pace = tonumber(args[3])
  nthreads = tonumber(args[4])
  math.randomseed(os.time() * 100 + thread_no)
  step = 0
  offset = tonumber(args[5] or 0)
  slots = { "lunch", "breakfast", "dinner" }
end

function request()
  local i = offset + step * nthreads + (thread_no - 1)
  step = step + 1
  local e = i % #elders
  local slot = slots[(math.floor(i / #elders) % 3) + 1]
  local c = counters[(i % #counters) + 1]
  local body = '{"id_number":"' .. elders[e + 1] .. '","slot":"' .. slot .. '"}'
  return wrk.format("POST", c.path, { ["Authorization"] = c.auth, ["Content-Type"] = "application/json" }, body)
end

function delay()
  if pace == 0 then return 0 end
  return math.floor(-math.log(1 - math.random()) * pace)
end
