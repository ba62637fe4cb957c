-- wrk script: authenticated GETs of paths read from a file, a random one
-- per request. usage: wrk ... -s paths.lua URL -- TOKEN PATH_FILE
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
end

function init(args)
  paths = {}
  for line in io.lines(args[2]) do
    paths[#paths + 1] = line
  end
  if #paths == 0 then
    error("no paths in " .. args[2])
  end
  math.randomseed(os.time() * 100 + thread_no)
  wrk.headers["Authorization"] = "Bearer " .. args[1]
end

function request()
  return wrk.format("GET", paths[math.random(1, #paths)])
end
