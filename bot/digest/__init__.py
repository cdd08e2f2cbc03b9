"""The weekly digest: a team's practices needing attention, its maintenance due in the next
14 days and what changed since the last digest, posted in a channel on a schedule."""
