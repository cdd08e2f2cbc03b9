"""``whoowns chat``: the bot in a terminal, against LocalSlack (:mod:`.shell`), with numbered
buttons (:mod:`.screen`) and modal forms filled in field by field (:mod:`.form`).

Importing this package imports nothing.
"""
