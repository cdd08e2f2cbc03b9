"""The organisation in the running bot: who is in which team (members lists, else Slack user
groups), the "Your databases" Home section, and the knowledge reload of a running server."""
