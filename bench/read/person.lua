-- wrk script: authenticated GET /api/v1/persons/ID for random IDs.
-- usage: wrk ... -s person.lua URL -- TOKEN MAX_ID
local counter = 0

-- Runs in wrk's main Lua state once per thread: number the threads so each
-- draws its own random sequence.
function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
end

function init(args)
  max_id = tonumber(args[2])
  math.randomseed(os.time() * 100 + thread_no)
  wrk.headers["Authorization"] = "Bearer " .. args[1]
end

function request()
  return wrk.format("GET", "/api/v1/persons/" .. math.random(1, max_id))
end
