-- Anonymous reads and comment posts for bench/load.py, which starts it as
--
--     wrk -t2 -c64 -d30s --timeout 10s --latency -s bench/wrk/load.lua http://127.0.0.1:PORT \
--         -- RUN POST_SHARE POST_UNTIL ADDRESSES ORIGIN STARTED READS POSTS
--
-- RUN: this run's mark, written into every comment; POST_SHARE: the share of requests that
-- post a comment (0.1); POST_UNTIL: the time (Unix seconds) after which only reads are sent,
-- so that no post is still unanswered when wrk stops; ADDRESSES: how many simulated client
-- addresses post (198.18.0.0/15, the range set aside for benchmarks), sent in X-Forwarded-For;
-- ORIGIN: the Origin header of a post; STARTED: the form's signed start time; READS and
-- POSTS: paths, comma-separated (POSTS: the comment form's address on each page).
--
-- Half the posts come from the first ten addresses (busy senders, who run into the rate
-- limit), the other half from all of them alike. Each comment's text is unique: the run, the
-- thread, a counter and the address, so a duplicate or a stray one shows in the database.
--
-- Prints one JSON line from done(): what was sent and what came back. A response without
-- X-Cache-Status answers a post (nginx's page cache, which sets that header, only looks at GET
-- and HEAD): 303 back to the page is accepted, 429 refused by the rate limit, anything else
-- "other". Every other response is a read, counted by status class.

local threads = {}

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

local function split(text)
   local parts = {}
   for part in string.gmatch(text, "[^,]+") do
      table.insert(parts, part)
   end
   return parts
end

local function escape(text)
   return (string.gsub(text, "[^%w%-%._~]", function(char)
      return string.format("%%%02X", string.byte(char))
   end))
end

local function address(number)
   -- 1 → 198.18.0.1 … 256 → 198.18.1.0
   return string.format("198.18.%d.%d", math.floor(number / 256), number % 256)
end

function init(args)
   run, post_share, post_until = args[1], tonumber(args[2]), tonumber(args[3])
   addresses, origin, started = tonumber(args[4]), args[5], args[6]
   reads, posts = split(args[7]), split(args[8])
   math.randomseed(id)
   read_number, post_number, post_due = 0, 0, 0
   -- Counted here, read by done() through thread:get.
   count = {
      reads_sent = 0, posts_sent = 0,
      reads_2xx = 0, reads_3xx = 0, reads_4xx = 0, reads_5xx = 0,
      posts_accepted = 0, posts_refused = 0, posts_other = 0,
      answered_while_posting = 0,
   }
   statuses = {}  -- "post 400", "read 404" …: every answer that is neither 2xx nor as expected
   sent_from = {}  -- address → posts sent from it
end

local function post()
   post_number = post_number + 1
   local from
   if math.random() < 0.5 then
      from = address(math.random(math.min(10, addresses)))
   else
      from = address(math.random(addresses))
   end
   sent_from[from] = (sent_from[from] or 0) + 1
   local text = string.format(
      "Load test %s: thread %d, post %d, from %s.", run, id, post_number, from
   )
   local body = "name=" .. escape("Load " .. from) .. "&email=&text=" .. escape(text)
      .. "&consent=on&reply_to=&website=&started=" .. escape(started)
   local headers = {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Origin"] = origin,
      ["X-Forwarded-For"] = from,
   }
   count.posts_sent = count.posts_sent + 1
   return wrk.format("POST", posts[post_number % #posts + 1], headers, body)
end

function request()
   -- post_due grows by POST_SHARE with each request; a post is sent each time it passes 1.
   post_due = post_due + post_share
   if post_due >= 1 and os.time() < post_until then
      post_due = post_due - 1
      return post()
   end
   post_due = math.min(post_due, 1)
   read_number = read_number + 1
   count.reads_sent = count.reads_sent + 1
   return wrk.format("GET", reads[read_number % #reads + 1])
end

local function note(kind, status)
   local key = kind .. " " .. status
   statuses[key] = (statuses[key] or 0) + 1
end

function response(status, headers, body)
   if os.time() < post_until then
      count.answered_while_posting = count.answered_while_posting + 1
   end
   if headers["X-Cache-Status"] == nil then
      local location = headers["Location"] or ""
      if status == 303 and string.find(location, "comment=", 1, true) then
         count.posts_accepted = count.posts_accepted + 1
      elseif status == 429 then
         count.posts_refused = count.posts_refused + 1
      else
         count.posts_other = count.posts_other + 1
         note("post", status)
      end
   else
      local class = "reads_" .. math.floor(status / 100) .. "xx"
      count[class] = (count[class] or 0) + 1
      if status >= 300 then
         note("read", status)
      end
   end
end

local function json(table_)
   local parts = {}
   for key, value in pairs(table_) do
      table.insert(parts, string.format('"%s": %d', key, value))
   end
   return "{" .. table.concat(parts, ", ") .. "}"
end

local function add(total, part)
   for key, value in pairs(part) do
      total[key] = (total[key] or 0) + value
   end
end

function done(summary, latency, requests)
   local total, all_statuses, all_sent_from = {}, {}, {}
   for _, thread in ipairs(threads) do
      add(total, thread:get("count"))
      add(all_statuses, thread:get("statuses"))
      add(all_sent_from, thread:get("sent_from"))
   end
   local errors = summary.errors
   io.write(string.format(
      '{"rps": %.2f, "p50_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, "requests": %d, '
         .. '"connect": %d, "read": %d, "write": %d, "timeout": %d, '
         .. '"count": %s, "statuses": %s, "sent_from": %s}\n',
      summary.requests / summary.duration * 1e6,
      latency:percentile(50) / 1000,
      latency:percentile(99) / 1000,
      latency.max / 1000,
      summary.requests,
      errors.connect,
      errors.read,
      errors.write,
      errors.timeout,
      json(total),
      json(all_statuses),
      json(all_sent_from)
   ))
end
