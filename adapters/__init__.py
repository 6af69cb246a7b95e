"""Platforms: each turns its payloads into the core's events and renders the core's messages.

`console` (the terminal), `slack/` (Bolt) and `teams/` (botbuilder). Every platform SDK import stays
inside its own package here; the core never sees one.
"""
