"""The services a group or an engine lists: each must exist and be listed once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from yaml.nodes import Node

from bot.kb.nodes import Reader, item_node, join

# (who lists them: "group 'aurora'", the reader of its file, the list's node, its key path,
# the service ids listed)
Listed = tuple[str, Reader, Node, str, tuple[str, ...]]


def check_listed_services(lists: Iterable[Listed], services: Mapping[str, str]) -> None:
    """Report, through each list's reader, every unknown or repeated service id.
    ``services``: the service ids defined (id -> FILE:LINE)."""
    for owner, r, at, members_path, members in lists:
        seen: set[str] = set()
        for index, member in enumerate(members):
            item_at = item_node(at, index) or at
            if member not in services:
                r.problem(
                    item_at,
                    join(members_path, index),
                    f"{owner} names unknown service '{member}'",
                )
            elif member in seen:
                r.problem(item_at, join(members_path, index), f"'{member}' is listed twice")
            seen.add(member)
