"""Slack through Bolt: verify and acknowledge a request, store it in the inbox, translate it
into an event for the core, and render the core's messages as Block Kit, modals and files.
Every slack_sdk and slack_bolt import stays inside this package.
"""
