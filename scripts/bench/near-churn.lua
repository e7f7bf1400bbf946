-- wrk script of the near-cache soak: each request a random page (50 or 100 invoices) of a random customer's invoices, over more
-- distinct keys than the near cache holds, so that it stays full and keeps evicting. Arguments after `--`:
-- the invoices each customer has, then one token per customer.
local tokens = {}
local invoices = 7
local sizes = { 50, 100 }

function init(args)
    invoices = tonumber(args[1])
    for index = 2, #args do
        tokens[#tokens + 1] = args[index]
    end
    math.randomseed(os.time() + tonumber(tostring(tokens):match("0x(%x+)") or "0", 16) % 100000)
end

function request()
    local size = sizes[math.random(#sizes)]
    local path = string.format("/api/invoices?page=%d&pageSize=%d", math.random(1, math.ceil(invoices / size)), size)
    return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)] })
end
