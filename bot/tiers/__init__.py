"""Tiered huddles: the division's (tier 2) and the trust's (tier 3) own huddle, board and charts,
and the routing of escalations between the tiers."""
