"""The daily huddle: prompts, answers, the board, the huddle log and escalation up the tiers."""
