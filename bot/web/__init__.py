"""HTTP mode: the WSGI app Slack's requests and health checks reach, the production server it
runs on, and the ticker that runs the background jobs every minute.

Importing this package imports nothing.
"""
