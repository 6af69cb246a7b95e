"""The process that ticks and delivers; what falls due is decided in `bot.schedule`.

Each tick (`tick`) asks `bot.schedule` which huddles and reminders fell due since the last tick
and which one-off timers have passed, has the core compose their posts, and puts them in the
outbox (`enqueue`, `outbox`) keyed so nothing is sent twice. The deliverer (`deliver`) drains the
outbox through the platforms within their rate limits (`budget`, `policy`); `leader` keeps one
scheduler ticking at a time and `reporting` tells people about posts that could not be delivered.
"""
