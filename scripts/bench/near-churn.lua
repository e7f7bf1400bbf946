-- wrk script of the near-cache soak: each request a random page of a random customer's invoices, over more
-- distinct keys than the near cache holds, so that it stays full and keeps evicting. The tokens come after `--`.
local tokens = {}
local pages = 200
local sizes = { 5, 10, 25, 50, 100 }

function init(args)
    for index, token in ipairs(args) do
        tokens[index] = token
    end
    math.randomseed(os.time() + tonumber(tostring(tokens):match("0x(%x+)") or "0", 16) % 100000)
end

function request()
    local path = string.format("/api/invoices?page=%d&pageSize=%d", math.random(1, pages), sizes[math.random(#sizes)])
    return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)] })
end
