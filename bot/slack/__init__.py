"""Talking to Slack: the Web API clients (:mod:`.client`), the fields every incoming request must
have before Bolt sees it (:mod:`.request_fields`), and the one claim → post protocol for every
message posted exactly once (:mod:`.delivery`).

Importing this package imports nothing.
"""
