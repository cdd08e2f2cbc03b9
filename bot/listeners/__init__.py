"""Slack listeners of the core answers; :mod:`bot.listeners.wiring` wires every feature's.

Importing this package imports nothing (so :mod:`bot.listeners.answers_feature` stays light).
"""
