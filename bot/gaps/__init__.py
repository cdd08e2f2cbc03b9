"""Knowledge gaps: the questions asked in Slack or the chat shell that the bot could not
answer fully, for the people who keep the knowledge (``whoowns gaps``, admins' App Home)."""
