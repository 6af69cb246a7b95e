"""The platform-neutral core: frozen events in (`events`), frozen messages out (`messages`).

`app.Huddlebot.handle(event)` asks the route table it was given (`routes`, handed over by
`assembly`) for a handler and returns what it says. The capabilities are packages: `huddle`
(prompts, answers, board, escalation), `charting` (charts in chat), `ideas`, `visits`, `feeds`
(readings that arrive by themselves) and `config`. Beneath them: `spc` (analysis and drawing),
`schedule` (what falls due when, and one-off timers), `stores` (tables) and `privacy` (the
guard). No platform SDK and no wall clock here: the caller passes the time.
"""
