"""Platforms: each turns its payloads into the core's events and renders the core's messages.

`console` (the terminal), `slack/` (Bolt) and `teams/` (botbuilder). `turns` is the one delivery
path they share: ask the core, answer in the turn, hand the rest to the outbox. Every platform SDK
import stays inside its own package here; the core never sees one.
"""
