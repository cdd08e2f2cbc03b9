"""The course's best practices, checked on each database's customer side (see ``engine``)."""
