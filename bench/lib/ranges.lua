-- wrk script: each request asks for one random, aligned 256 KB range of a file of SIZE bytes,
-- with the same sequence of ranges on every run (seeded per thread).
-- Usage: wrk ... -s bench/lib/ranges.lua URL -- SIZE
local piece = 262144
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  size = tonumber(args[1])
  math.randomseed(12345 + (id or 0))
end

function request()
  local pieces = math.floor((size - 1) / piece) + 1
  local start = math.random(0, pieces - 1) * piece
  local stop = math.min(start + piece, size) - 1
  return wrk.format("GET", nil, { ["Range"] = "bytes=" .. start .. "-" .. stop })
end
