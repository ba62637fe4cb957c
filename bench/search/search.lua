-- wrk script: authenticated person searches, a random query per request.
-- usage: wrk ... -s search.lua URL -- TOKEN QUERY_FILE
-- QUERY_FILE holds one URL-encoded value of q= per line.
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
end

function init(args)
  queries = {}
  for line in io.lines(args[2]) do
    queries[#queries + 1] = line
  end
  if #queries == 0 then
    error("no queries in " .. args[2])
  end
  math.randomseed(os.time() * 100 + thread_no)
  wrk.headers["Authorization"] = "Bearer " .. args[1]
end

function request()
  return wrk.format("GET", "/api/v1/persons?page_size=20&q=" .. queries[math.random(1, #queries)])
end
