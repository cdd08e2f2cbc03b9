"""Turning what an import found into entries of the generated file, keeping hand edits.

- Ids are the AWS names made slugs (the original kept as an alias when it differs), one per
  AWS resource (:mod:`~bot.inventory.ids`: case-distinct names numbered, regions suffixed).
- A resource written by hand in another file, with the same slug, ARN or alias, gains the
  imported fields there (:attr:`Outcome.hand`) by the same rules as a generated entry.
- A name that is already a name of the course knowledge, or of a team defined in another
  file, is skipped with its reason.
- To import one more field: set it in :meth:`Merge._fields` and add it to ``FIELD_ORDER``
  (and to the loader's resource fields); ``imported`` and re-imports follow by themselves.
- Owner from tags (``--owner-tag``, default ``owner`` then ``team``; keys compared without
  case), matched to a team's id, name or alias ignoring case, spaces and punctuation.
- Re-import: only the fields listed in an entry's ``imported`` are overwritten (a field the
  import sets for the first time is added to it); aliases are only ever added.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.inventory.found import Found, FoundTeam
from bot.inventory.ids import Ids, slug
from bot.kb.models import Knowledge, Resource, Team
from bot.kb.org import SLACK_HANDLE, course_words
from bot.kb.settings import SECTIONS, to_plain

FIELD_ORDER = (
    "name",
    "slack",
    "members",
    "service",
    "owner",
    "duties",
    "environment",
    "aliases",
    "links",
    "note",
    "source",
    "arn",
    "settings",
    "imported",
)
ENVIRONMENT_TAGS = ("environment", "env")
DEFAULT_OWNER_TAGS = ("owner", "team")
_HTTP = re.compile(r"https?://[^\s/?#]+\S*", re.IGNORECASE)

Entries = dict[str, dict[str, object]]


def squash(name: str) -> str:
    """A name as compared: no case, spaces or punctuation."""
    return "".join(re.findall(r"[^\W_]+", name.casefold()))


@dataclass
class Tally:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0


@dataclass
class Outcome:
    """What a merge did; the command prints it."""

    teams: Entries
    resources: Entries
    tallies: dict[str, Tally] = field(default_factory=dict)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # kind, name, reason
    no_owner: list[tuple[str, str]] = field(default_factory=list)  # id, why
    missing: list[tuple[str, str]] = field(default_factory=list)  # id, kind
    pruned: list[str] = field(default_factory=list)
    # a resource whose slug met another's: kind, AWS name, its id, the other's id
    apart: list[tuple[str, str, str, str]] = field(default_factory=list)
    # hand-written entries of other files that gain imported fields: id -> (FILE:LINE, fields)
    hand: dict[str, tuple[str, dict[str, object]]] = field(default_factory=dict)
    changes: list[tuple[str, str]] = field(default_factory=list)  # "+"/"~"/"-", id
    changed: set[str] = field(default_factory=set)  # the ids in ``changes``

    def tally(self, kind: str) -> Tally:
        return self.tallies.setdefault(kind, Tally())

    def change(self, sign: str, ident: str) -> None:
        self.changes.append((sign, ident))
        self.changed.add(ident)


def course_names(knowledge: Knowledge) -> dict[str, str]:
    """squashed name -> what owns it, for everything the knowledge (other files) names."""
    names: dict[str, str] = {}

    def claim(what: str, values: Iterable[str]) -> None:
        for value in values:
            names.setdefault(squash(value), what)

    for c in knowledge.categories.values():
        claim(f"category '{c.id}'", (c.id, c.name, *c.aliases))
    for d in knowledge.duties.values():
        claim(f"duty '{d.id}'", (d.id, d.name, *d.aliases))
    for s in knowledge.services.values():
        claim(f"service '{s.id}'", (s.id, s.name, *s.aliases))
    for g in knowledge.groups.values():
        claim(f"group '{g.id}'", (g.id, g.name, *g.aliases))
    for word, what in course_words(knowledge.services, knowledge.groups).items():
        names.setdefault(word, f"the course knowledge (a word of {what})")
    for t in knowledge.teams.values():
        claim(f"team '{t.id}' ({t.file})", (t.id, t.name, *t.aliases))
    for r in knowledge.resources.values():
        claim(f"resource '{r.id}' ({r.file})", (r.id, *r.aliases))
    return names


@dataclass
class Merge:
    """One merge of ``found`` into the existing generated file's entries."""

    knowledge: Knowledge  # the course knowledge and the organisation's *other* files
    teams: Entries  # the generated file's teams, as read (updated in place)
    resources: Entries
    source: Mapping[str, str]  # kind -> the ``source`` text for entries of that kind
    owner_tags: Sequence[str] = DEFAULT_OWNER_TAGS
    # which other files' entries an import may update (FILE:LINE -> yes); None: every file
    editable: Callable[[str], bool] | None = None
    outcome: Outcome = field(init=False)

    def __post_init__(self) -> None:
        self.outcome = Outcome(self.teams, self.resources)
        self.owner_why: dict[str, str] = {}  # id -> why this run found no owner
        self.taken = course_names(self.knowledge)
        for tid, t in self.teams.items():
            for name in (tid, str(t.get("name", "")), *_texts(t.get("aliases"))):
                self.taken.setdefault(squash(name), f"team '{tid}'")
        for rid, r in self.resources.items():
            for name in (rid, *_texts(r.get("aliases"))):
                self.taken.setdefault(squash(name), f"resource '{rid}'")

    def _clash(self, what: str, names: Iterable[str]) -> str | None:
        """What else already has one of ``names`` (None: they are free, or ``what``'s own)."""
        for name in names:
            owner = self.taken.get(squash(name))
            if owner is not None and owner != what:
                return owner
        return None

    # -- teams -----------------------------------------------------------------------------

    def add_teams(self, found: Sequence[FoundTeam]) -> None:
        tally = self.outcome.tally("backstage")
        for team in found:
            ident = slug(team.id)
            clash = self._clash(f"team '{ident}'", (ident, team.name, team.id))
            if clash is not None:
                reason = f"its name is taken by {clash}, which is kept as it is"
                self._skip("backstage", f"group {team.id}", reason)
                continue
            fields: dict[str, object] = {"name": team.name}
            if team.slack is not None and SLACK_HANDLE.fullmatch(team.slack):
                fields["slack"] = team.slack
            elif team.slack is not None:
                reason = f"whoowns/slack '{team.slack}' is not a Slack id (S…, C… or U…): left out"
                self.outcome.skipped.append(("backstage", f"group {team.id} handle", reason))
            if ident != team.id:
                fields["aliases"] = [team.id]
            self._apply(tally, self.teams, ident, fields)

    # -- resources ---------------------------------------------------------------------------

    def add_resources(self, found: Sequence[Found]) -> set[str]:
        """Merge every resource; the ids and ARNs the input accounts for (skipped included)."""
        seen: set[str] = set()
        names = {squash(name): tid for name, tid in self._team_names()}
        hand = {
            r.id: (r.arn, r.aliases)
            for r in self.knowledge.resources.values()
            if self.editable is None or self.editable(r.file)
        }
        ids = Ids(self.resources, hand, lambda i: self._clash(f"resource '{i}'", (i,)) is None)
        for assigned in ids.assign(found):
            item, ident = assigned.item, assigned.ident
            seen.add(ident)
            if item.arn:
                seen.add(item.arn)
            if item.service is None:
                self._skip(item.kind, item.name, item.reason)
                continue
            if assigned.elsewhere:
                self._update_hand(item, ident, names)
                continue
            clash = self._clash(f"resource '{ident}'", (ident, *_aliases(item, ident)))
            if clash is not None:
                self._skip(item.kind, item.name, f"its name is a name of {clash}")
                continue
            fields = self._fields(item, ident, names)
            if assigned.apart is not None:
                self.outcome.apart.append((item.kind, item.name, ident, assigned.apart))
                note = f"AWS name '{item.name}' ({assigned.apart} is another resource)."
                fields = _noted(fields, note)
            old = self.resources.get(ident)
            if item.tentative and old is not None and _definite(old, self.knowledge, item):
                fields["service"], fields["note"] = old["service"], old.get("note")
                fields = {k: v for k, v in fields.items() if v is not None}
            self._apply(self.outcome.tally(item.kind), self.resources, ident, fields)
            for alias in (ident, *_texts(self.resources[ident].get("aliases"))):
                self.taken.setdefault(squash(alias), f"resource '{ident}'")
        return seen

    def _update_hand(self, item: Found, ident: str, teams: Mapping[str, str]) -> None:
        """A resource written by hand in another file gains what the import knows, by the same
        rules as a generated entry (its own fields are a person's)."""
        resource = self.knowledge.resources[ident]
        old = resource_fields(resource)
        merged = reimport(old, self._fields(item, ident, teams))
        tally = self.outcome.tally(item.kind)
        if _without_source(merged) == _without_source(old):
            tally.unchanged += 1
            return
        self.outcome.hand[ident] = (resource.file, merged)
        tally.updated += 1
        self.outcome.change("~", ident)

    def without_owner(self) -> list[tuple[str, str]]:
        """The generated file's resources that have no owner now, and why."""
        return [
            (ident, self.owner_why.get(ident, "no owner (not in this run's input)"))
            for ident, fields in self.resources.items()
            if not fields.get("owner")
        ]

    def _team_names(self) -> Iterable[tuple[str, str]]:
        for t in self.knowledge.teams.values():
            for name in (t.id, t.name, *t.aliases):
                yield name, t.id
        for tid, fields in self.teams.items():
            for name in (tid, str(fields.get("name", "")), *_texts(fields.get("aliases"))):
                yield name, tid

    def _fields(self, item: Found, ident: str, teams: Mapping[str, str]) -> dict[str, object]:
        fields: dict[str, object] = {"service": item.service}
        owner = self._owner(item, ident, teams)
        if owner is not None:
            fields["owner"] = owner
        environment = _tag(item.tags, ENVIRONMENT_TAGS)
        if environment:
            fields["environment"] = environment
        if _aliases(item, ident):
            fields["aliases"] = list(_aliases(item, ident))
        links = [{"title": t, "url": u} for t, u in item.links if _HTTP.fullmatch(u)]
        if links:
            fields["links"] = links
        note = " ".join(n for n in (item.description, item.note) if n)
        if note:
            fields["note"] = note
        fields["source"] = self.source[item.kind]
        if item.arn:
            fields["arn"] = item.arn
        settings = with_sections(self._old_settings(ident), item.settings) if item.settings else {}
        if settings:
            fields["settings"] = settings
        return fields

    def _old_settings(self, ident: str) -> Mapping[str, object]:
        entry = self.resources.get(ident)
        if entry is not None:
            old = entry.get("settings")
            return old if isinstance(old, Mapping) else {}
        hand = self.knowledge.resources.get(ident)
        plain = to_plain(hand.settings) if hand is not None else {}
        return plain if isinstance(plain, Mapping) else {}

    def update_settings(
        self, kind: str, ident: str, sections: Mapping[str, Mapping[str, object]]
    ) -> None:
        """A joined kind's settings on an entry of the file (maintenance, backups): only its
        sections change; settings a person owns (not in ``imported``) stay as they are."""
        old = self.resources[ident]
        mine = _texts(old.get("imported"))
        tally = self.outcome.tally(kind)
        settings = with_sections(self._old_settings(ident), sections)
        if ("settings" in old and "settings" not in mine) or settings == old.get("settings", {}):
            tally.unchanged += 1
            return
        imported = [f for f in FIELD_ORDER if f in (*mine, "settings")]
        self.resources[ident] = ordered({**old, "settings": settings, "imported": imported})
        tally.updated += 1
        if ident not in self.outcome.changed:  # a set: 5,000 joins stay linear
            self.outcome.change("~", ident)

    def _owner(self, item: Found, ident: str, teams: Mapping[str, str]) -> str | None:
        if item.kind == "backstage":
            wanted, said = item.owner_ref, f"spec.owner '{item.owner_ref}'"
        else:
            key = next((k for k in self.owner_tags if _tag(item.tags, (k,))), None)
            wanted = _tag(item.tags, (key,)) if key else None
            said = f"tag {key}={wanted}"
        if not wanted:
            self.owner_why[ident] = "no owner " + _what_owner(item, self.owner_tags)
            return None
        team = teams.get(squash(wanted))
        if team is None:
            self.owner_why[ident] = f"{said} matches no team"
        return team

    # -- shared --------------------------------------------------------------------------------

    def _skip(self, kind: str, name: str, reason: str) -> None:
        self.outcome.tally(kind).skipped += 1
        self.outcome.skipped.append((kind, name, reason))

    def _apply(self, tally: Tally, entries: Entries, ident: str, new: dict[str, object]) -> None:
        old = entries.get(ident)
        if old is None:
            entries[ident] = ordered({**new, "imported": [f for f in new if f != "aliases"]})
            tally.imported += 1
            self.outcome.change("+", ident)
            return
        merged = reimport(old, new)
        if _without_source(merged) == _without_source(old):
            tally.unchanged += 1
            return
        entries[ident] = merged
        tally.updated += 1
        self.outcome.change("~", ident)


def _definite(old: Mapping[str, object], knowledge: Knowledge, item: Found) -> bool:
    """``old`` has the group ``item`` tentatively names, or one of its services (aurora,
    aurora-provisioned): a run without the instances keeps that and its note."""
    group = knowledge.groups.get(str(item.service))
    return group is not None and old.get("service") in (group.id, *group.members)


# Imported fields that go when the import no longer gives them (the note explains the service);
# the others stay, as a run may lack the input that gave them (tags, instances)
GOES_WHEN_ABSENT = ("note",)


def reimport(old: Mapping[str, object], new: Mapping[str, object]) -> dict[str, object]:
    """``old`` updated with ``new``: fields in old's ``imported`` (or missing from old) take the
    new value; the others are a person's edits. An imported note the import no longer gives
    goes; other imported fields stay (the run may not have had their input)."""
    result = dict(old)
    mine = set(_texts(old.get("imported")))
    imported: list[str] = [f for f in mine if f not in new and f not in GOES_WHEN_ABSENT]
    for name, value in new.items():
        if name == "aliases":
            have = list(_texts(old.get("aliases")))
            result["aliases"] = have + [a for a in _texts(value) if a not in have]
        elif name in mine or name not in old:
            result[name] = value
            imported.append(name)
    for name in mine - set(new):
        if name in GOES_WHEN_ABSENT:
            result.pop(name, None)
    result["imported"] = [f for f in FIELD_ORDER if f in imported]
    if _without_source(result) == _without_source(old) and "source" in old:
        result["source"] = old["source"]  # nothing else changed: keep the first date
    return ordered(result)


def with_sections(
    old: Mapping[str, object], sections: Mapping[str, Mapping[str, object]]
) -> dict[str, object]:
    """``old`` settings with each given section's keys replaced by what it read now (a key the
    output no longer gives goes: unknown); keys of other sections stay. Keys in model order."""
    replaced = {key for section in sections for key in SECTIONS.get(section, {})}
    merged = {k: v for k, v in old.items() if k not in replaced}
    for values in sections.values():
        merged.update(values)
    return {k: merged[k] for k in sorted(merged, key=_KEY_RANK.__getitem__)}


class _Rank(dict[str, int]):
    """A key's place in model order; keys of no section after them all (sorted stays stable)."""

    def __missing__(self, key: str) -> int:
        return len(self)


_KEY_RANK = _Rank(
    (k, i) for i, k in enumerate(dict.fromkeys(k for section in SECTIONS.values() for k in section))
)


def ordered(fields: Mapping[str, object]) -> dict[str, object]:
    known = {f: fields[f] for f in FIELD_ORDER if f in fields}
    return {**known, **{k: v for k, v in fields.items() if k not in known}}


def _without_source(fields: Mapping[str, object]) -> dict[str, object]:
    return {k: v for k, v in fields.items() if k != "source"}


def _noted(fields: dict[str, object], note: str) -> dict[str, object]:
    said = fields.get("note")
    return ordered({**fields, "note": f"{said} {note}" if said else note})


def team_fields(t: Team) -> dict[str, object]:
    """A team as the generated file holds it."""
    fields: dict[str, object] = {"name": t.name}
    _put(fields, slack=t.slack, members=list(t.members), aliases=list(t.aliases))
    _put(fields, imported=list(t.imported))
    return fields


def resource_fields(r: Resource) -> dict[str, object]:
    """A resource as the generated file holds it."""
    fields: dict[str, object] = {"service": r.service}
    links = [{"title": link.title, "url": link.url} for link in r.links]
    _put(fields, owner=r.owner, duties=dict(r.duties), environment=r.environment)
    _put(fields, aliases=list(r.aliases), links=links, note=r.note, source=r.source)
    _put(fields, arn=r.arn, settings=to_plain(r.settings), imported=list(r.imported))
    return fields


def _put(fields: dict[str, object], **values: object) -> None:
    fields.update({k: v for k, v in values.items() if v})


def _aliases(item: Found, ident: str) -> tuple[str, ...]:
    """The AWS name as written, when the id had to be made a slug (not for a suffixed id)."""
    return (item.name,) if ident == slug(item.name) and ident != item.name else ()


def _texts(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _tag(tags: Mapping[str, str], keys: Sequence[str]) -> str | None:
    wanted = {k.casefold() for k in keys}
    for key, value in tags.items():
        if key.casefold() in wanted and value.strip():
            return value.strip()
    return None


def _what_owner(item: Found, owner_tags: Sequence[str]) -> str:
    if item.kind == "backstage":
        return "(spec.owner is not a group)"
    return f"tag ({' or '.join(owner_tags)})"
