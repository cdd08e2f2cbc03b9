"""Installs in several workspaces ("Add to Slack", OAuth mode, HTTP only).

OAuth mode: SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET set, SLACK_BOT_TOKEN
not (``Settings.oauth_mode``). :class:`bot.oauth.installs.OAuthInstalls` builds Bolt's
``OAuthFlow`` (``GET /slack/install``, ``GET /slack/oauth_redirect``) on slack_sdk's
SQLAlchemy stores in the bot's database, the cached installation lookup, the uninstall and
revocation listeners, the workspaces' tokens and the minute jobs per workspace.

An org-wide Enterprise Grid install serves the workspaces its admins grant
(:mod:`bot.oauth.grid`). Out of scope: Socket Mode, which Slack keeps to one workspace.
"""
