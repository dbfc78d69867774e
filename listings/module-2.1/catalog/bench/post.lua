-- wrk script: POST /products with a unique SKU per request.
-- Each wrk thread gets its own prefix, and a counter makes every SKU in a run unique.
local counter = 0
local prefix = ""

function setup(thread)
  thread:set("thread_id", tostring(math.random(100000, 999999)))
end

function init(args)
  prefix = (thread_id or tostring(math.random(100000, 999999))) .. "-" .. tostring(os.time() % 100000)
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"sku":"B%s-%d","name":"Bench product","price_cents":1999,"stock":5}', prefix, counter)
  return wrk.format("POST", "/products", { ["Content-Type"] = "application/json" }, body)
end
