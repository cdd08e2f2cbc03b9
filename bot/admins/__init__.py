"""Who may change a channel's settings: workspace admins and owners, the ``WHOOWNS_ADMINS``
user ids, and (for a channel's quiz) whoever subscribed it. Reading stays open to everyone;
the command line (an operator) is not restricted."""
