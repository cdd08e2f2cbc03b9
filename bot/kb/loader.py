"""Load and validate the knowledge files. The only module that reads YAML.

    knowledge = load_knowledge(directory, sections={"quiz": validate_quiz_section})

Every ``*.yaml``/``*.yml`` file of the folder is read, in name order. Each file is a mapping of
top-level *sections*; a section may be spread over several files (their entries are merged and
ids must stay unique). Core sections: ``categories``, ``duties``, ``services``, ``groups``,
``engines``, ``scenarios``, ``exam_points``, ``security``. Other sections are validated by the
function the caller hands in ``sections`` (the features' :func:`bot.features.load_knowledge`;
this module never imports a feature) and end up in ``Knowledge.extras[section]``; a section
nobody reads is a problem.

Loading is all-or-nothing: every problem of every file is collected, then one
:class:`KnowledgeError` is raised listing them all with ``FILE:LINE``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import cast

import yaml
from yaml.nodes import Node, ScalarNode, SequenceNode

from bot.kb.composing import collector_paused, compose
from bot.kb.fields import (
    CATEGORY_FIELDS,
    CELL_FIELDS,
    DUTY_FIELDS,
    ENGINE_FIELDS,
    EXAM_FIELDS,
    GROUP_FIELDS,
    SECURITY_FIELDS,
    SECURITY_ITEM_FIELDS,
    SERVICE_FIELDS,
)
from bot.kb.listed import Listed, check_listed_services
from bot.kb.models import (
    CATEGORY_IDS,
    Category,
    Cell,
    Duty,
    Engine,
    ExamPoint,
    Group,
    Knowledge,
    Scenario,
    SecurityItem,
    SecurityModel,
    Service,
)
from bot.kb.nodes import Reader, field_key, field_node, join, one_of
from bot.kb.org import ORG_SECTIONS, org_files, read_org
from bot.kb.problems import KnowledgeError, Problem
from bot.kb.relative import check_also_listed, read_compared_with
from bot.kb.scenarios import read_scenarios
from bot.kb.sections import SectionContext, SectionPart, SectionValidator, normalize

_STR = "tag:yaml.org,2002:str"


CORE_SECTIONS = (
    *("categories", "duties", "services", "groups", "engines", "scenarios", "exam_points"),
    "security",
)
REQUIRED_SECTIONS = ("categories", "duties", "services", "security")


def default_knowledge_dir() -> Path:
    """The knowledge shipped with the package (``bot/_knowledge`` in a wheel), else the repo's."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_knowledge"
    return installed if installed.is_dir() else package.parent / "knowledge"


def load_knowledge(
    directory: Path | str | None = None,
    *,
    sections: Mapping[str, SectionValidator] | None = None,
    core_only: bool = False,
    org: Path | str | None = None,
) -> Knowledge:
    """Load every knowledge file of ``directory`` (default: :func:`default_knowledge_dir`).

    ``sections``: the validators of the extra top-level sections (a feature's ``quiz``,
    ``lessons``); any other section is a problem.
    ``core_only=True`` (``whoowns ask``, which answers from the core sections alone): every
    file is still read and every core section checked; the other sections, except those named
    in ``sections``, are left unread (no feature is imported; ``Knowledge.extras`` holds only
    the sections named). The bot and ``whoowns kb
    check`` always load everything.
    ``org`` (WHOOWNS_ORG_KNOWLEDGE, --org-knowledge): a company's folder, read after
    ``directory`` (see :mod:`bot.kb.org`).
    Raises :class:`KnowledgeError` listing every problem found.
    """
    folder = Path(directory) if directory is not None else default_knowledge_dir()
    build = _Build(folder, dict(sections or {}), core_only=core_only)
    build.org = Path(org) if org is not None else None
    with collector_paused():  # the nodes of every file stay alive until the end (see composing)
        return build.run()


class _Build:
    def __init__(
        self, folder: Path, sections: dict[str, SectionValidator], *, core_only: bool = False
    ) -> None:
        self.folder = folder
        self.extra_validators = sections
        self.core_only = core_only
        self.org: Path | None = None
        self.problems: list[Problem] = []
        self.parts: dict[str, list[SectionPart]] = {}
        self.categories: dict[str, Category] = {}
        self.duties: dict[str, Duty] = {}
        self.services: dict[str, Service] = {}
        self.groups: dict[str, Group] = {}
        self.exam_points: dict[str, ExamPoint] = {}
        self.security: SecurityModel | None = None
        self.security_at = ""  # FILE:LINE of the first `security:` section
        # id space -> id -> FILE:LINE of its first definition
        self.defined: dict[str, dict[str, str]] = {}
        # name without case, punctuation or spaces -> (what owns it, FILE:LINE); see _claim_names
        self.claims: dict[str, tuple[str, str]] = {}
        self.engines: dict[str, Engine] = {}
        self.scenarios: dict[str, Scenario] = {}
        # (who lists them: "group 'aurora'", reader, the list's node, its path, the service ids)
        self.service_lists: list[Listed] = []

    # -- driver ------------------------------------------------------------------------------

    def run(self) -> Knowledge:
        self._read_files()
        if not self.problems:
            self._check_required_sections()
        for section in CORE_SECTIONS:
            for part in self.parts.get(section, ()):
                getattr(self, f"_section_{section}")(part)
        self._check_categories_complete()
        check_listed_services(self.service_lists, self.defined.get("service", {}))
        org = read_org(
            self.parts,
            services=self.services,
            groups=self.groups,
            duties=self.duties,
            claims=self.claims,
        )
        extras = self._extras()
        if self.problems or self.security is None:
            raise KnowledgeError(self.problems)
        return Knowledge(
            categories=MappingProxyType(
                {c: self.categories[c] for c in CATEGORY_IDS if c in self.categories}
            ),
            duties=MappingProxyType(self.duties),
            services=MappingProxyType(self.services),
            groups=MappingProxyType(self.groups),
            engines=MappingProxyType(self.engines),
            scenarios=MappingProxyType(self.scenarios),
            exam_points=tuple(self.exam_points.values()),
            security=self.security,
            source_dir=self.folder.resolve(),
            extras=MappingProxyType(extras),
            teams=org.teams,
            resources=org.resources,
            org_dir=self.org.resolve() if self.org is not None else None,
        )

    def _folder_problem(self, message: str, path: str = "") -> None:
        self.problems.append(Problem(str(self.folder), 0, path, message))

    def _read_files(self) -> None:
        if not self.folder.is_dir():
            self._folder_problem("knowledge folder not found (or not a folder)")
            return
        files = sorted(
            p
            for p in self.folder.iterdir()
            if p.suffix in (".yaml", ".yml") and not p.name.startswith(".") and p.is_file()
        )
        if not files:
            self._folder_problem("no knowledge files (*.yaml) in this folder")
            return
        files += org_files(self.org, self.problems) if self.org is not None else []
        known = (*CORE_SECTIONS, *ORG_SECTIONS, *self.extra_validators)
        for path in files:
            name = str(path)
            reader = Reader(name, self.problems)
            try:
                source = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                reader.problem(1, "", f"cannot read the file: {exc}")
                continue
            try:
                root = compose(source)
            except yaml.MarkedYAMLError as exc:
                reader.problem(_mark_line(exc.problem_mark or exc.context_mark), "", _syntax(exc))
                continue
            except yaml.YAMLError as exc:
                reader.problem(1, "", f"YAML syntax error: {exc}")
                continue
            if root is None:
                reader.problem(1, "", "the file is empty (expected top-level sections)")
                continue
            for key, value in reader.items(root, "", "a mapping of top-level sections"):
                section = str(key.value)
                core = (*CORE_SECTIONS, *ORG_SECTIONS, *self.extra_validators)
                if self.core_only and section not in core:
                    continue  # a feature's section not asked for: not read on this path
                if section not in known:
                    reader.problem(
                        key, section, f"unknown section '{section}' (expected {one_of(known)})"
                    )
                    continue
                self.parts.setdefault(section, []).append(SectionPart(name, key, value, reader))

    def _check_required_sections(self) -> None:
        for section in REQUIRED_SECTIONS:
            if section not in self.parts:
                self._folder_problem(f"no file has a '{section}' section", section)

    # -- ids and names -----------------------------------------------------------------------

    def _entries(
        self, r: Reader, mapping: Node, section: str, what: str, space: str
    ) -> Iterable[tuple[str, Node, Node, str]]:
        """(id, key node, value node, path) per entry of an id mapping; bad ids skipped."""
        seen = self.defined.setdefault(space, {})
        for key, value in r.items(mapping, section, f"a mapping of {what} ids to {what}s"):
            path = join(section, str(key.value))
            ident = r.slug(key, path, what)
            if ident is None:
                continue
            if ident in seen:
                first = seen[ident]
                r.problem(key, path, f"duplicate {what} id '{ident}' (first defined at {first})")
                continue
            seen[ident] = r.where(key)
            yield ident, key, value, path

    def _claim_names(self, r: Reader, owner: str, key: Node, value: Node, path: str) -> None:
        """Register the id, name and aliases a user may call ``owner`` by.

        Each normalised name may belong to one thing only; a second owner is a problem.
        """
        names: list[tuple[str, Node, str]] = [(str(key.value), key, path)]
        name_node = field_node(value, "name")
        if isinstance(name_node, ScalarNode) and name_node.tag == _STR:
            names.append((name_node.value, name_node, join(path, "name")))
        aliases = field_node(value, "aliases")
        if isinstance(aliases, SequenceNode):
            for index, item in enumerate(aliases.value):
                if isinstance(item, ScalarNode) and item.tag == _STR:
                    names.append((item.value, item, join(join(path, "aliases"), index)))
        for name, at, where in names:
            # stricter than normalize(): "snap-shots", "snap shots" and "snapshots" are one name
            normal = normalize(name).replace(" ", "")
            if not normal:
                r.problem(at, where, f"alias '{name}' has no letters or digits")
                continue
            previous = self.claims.get(normal)
            if previous is None:
                self.claims[normal] = (owner, r.where(at))
            elif previous[0] != owner:
                r.problem(
                    at,
                    where,
                    f"alias '{name}' names two things: {owner} here and {previous[0]} at "
                    f"{previous[1]} (an alias must name exactly one thing)",
                )

    # -- core sections -----------------------------------------------------------------------

    def _section_categories(self, part: SectionPart) -> None:
        r = part.reader
        for ident, key, value, path in self._entries(
            r, part.value, "categories", "category", "category"
        ):
            if ident not in CATEGORY_IDS:
                r.problem(
                    key, path, f"unknown category '{ident}' (expected {one_of(CATEGORY_IDS)})"
                )
                continue
            f = r.record(value, path, CATEGORY_FIELDS, at=key, what="category")
            self._claim_names(r, f"category '{ident}'", key, value, path)
            sub = join(path, "compared_with")
            f["compared_with"] = read_compared_with(r, f["compared_with"], sub, ident, f)
            self.categories[ident] = Category(id=ident, **f)  # type: ignore[arg-type]  # fields checked by the field table

    def _section_duties(self, part: SectionPart) -> None:
        r = part.reader
        for ident, key, value, path in self._entries(r, part.value, "duties", "duty", "duty"):
            f = r.record(value, path, DUTY_FIELDS, at=key, what="duty")
            self._claim_names(r, f"duty '{ident}'", key, value, path)
            cells: dict[str, Cell] = {}
            cells_node = f.pop("cells")
            cells_path = join(path, "cells")
            if isinstance(cells_node, Node):
                pairs = r.items(cells_node, cells_path, "a mapping of category ids to cells")
                for cat_key, cell_node in pairs:
                    cat = str(cat_key.value)
                    cell_path = join(cells_path, cat)
                    if cat not in CATEGORY_IDS:
                        r.problem(
                            cat_key,
                            cell_path,
                            f"unknown category '{cat}' (expected {one_of(CATEGORY_IDS)})",
                        )
                        continue
                    c = r.record(cell_node, cell_path, CELL_FIELDS, at=cat_key, what="cell")
                    _check_cell(r, cat_key, cell_path, c)
                    cells[cat] = Cell(**c)  # type: ignore[arg-type]  # fields checked by the field table
            if f["in_table"]:
                for cat in CATEGORY_IDS:
                    if cat not in cells:
                        r.problem(
                            field_key(value, "cells") or key,
                            cells_path,
                            f"table duty '{ident}' has no owner for category '{cat}' "
                            "(every comparison-table duty needs all three)",
                        )
            ordered = {cat: cells[cat] for cat in CATEGORY_IDS if cat in cells}
            self.duties[ident] = Duty(
                id=ident,
                cells=MappingProxyType(ordered),
                **f,  # type: ignore[arg-type]  # fields checked by the field table
            )

    def _section_services(self, part: SectionPart) -> None:
        r = part.reader
        for ident, key, value, path in self._entries(
            r, part.value, "services", "service", "service"
        ):
            f = r.record(value, path, SERVICE_FIELDS, at=key, what="service")
            self._claim_names(r, f"service '{ident}'", key, value, path)
            check_also_listed(r, value, path, f)
            f["category"] = f["category"] or ""
            f["note"] = f["note"] or None
            self.services[ident] = Service(id=ident, **f)  # type: ignore[arg-type]  # fields checked by the field table

    def _section_groups(self, part: SectionPart) -> None:
        r = part.reader
        for ident, key, value, path in self._entries(r, part.value, "groups", "group", "group"):
            f = r.record(value, path, GROUP_FIELDS, at=key, what="group")
            self._claim_names(r, f"group '{ident}'", key, value, path)
            self.groups[ident] = Group(id=ident, **f)  # type: ignore[arg-type]  # fields checked by the field table
            at = field_node(value, "members") or key
            listed = cast(tuple[str, ...], f["members"])
            self.service_lists.append((f"group '{ident}'", r, at, join(path, "members"), listed))

    def _section_engines(self, part: SectionPart) -> None:
        """Engine words ("mysql") and the services each can mean (validated like a group)."""
        r = part.reader
        for ident, key, value, path in self._entries(r, part.value, "engines", "engine", "engine"):
            f = r.record(value, path, ENGINE_FIELDS, at=key, what="engine")
            self._claim_names(r, f"engine '{ident}'", key, value, path)
            self.engines[ident] = Engine(id=ident, **f)  # type: ignore[arg-type]  # fields checked by the field table
            at = field_node(value, "services") or key
            listed = cast(tuple[str, ...], f["services"])
            self.service_lists.append((f"engine '{ident}'", r, at, join(path, "services"), listed))

    def _section_scenarios(self, part: SectionPart) -> None:
        """The "When to Choose" situations (checked by :mod:`bot.kb.scenarios`)."""
        found = self._entries(part.reader, part.value, "scenarios", "scenario", "scenario")
        read_scenarios(part.reader, found, self.categories, self.scenarios)

    def _section_exam_points(self, part: SectionPart) -> None:
        r = part.reader
        for ident, key, value, path in self._entries(
            r, part.value, "exam_points", "exam point", "exam_point"
        ):
            f = r.record(value, path, EXAM_FIELDS, at=key, what="exam point")
            self.exam_points[ident] = ExamPoint(id=ident, **f)  # type: ignore[arg-type]  # fields checked by the field table

    def _section_security(self, part: SectionPart) -> None:
        r = part.reader
        if self.security_at:
            r.problem(
                part.key,
                "security",
                f"'security' is already defined at {self.security_at}; only one file may have it",
            )
            return
        self.security_at = r.where(part.key)
        f = r.record(part.value, "security", SECURITY_FIELDS, at=part.key, what="section")
        items: list[SecurityItem] = []
        resp = f.pop("responsibilities")
        if isinstance(resp, Node):
            for ident, key, value, path in self._entries(
                r, resp, "security.responsibilities", "security responsibility", "security_item"
            ):
                g = r.record(value, path, SECURITY_ITEM_FIELDS, at=key, what="responsibility")
                g["owner"] = g["owner"] or "customer"
                items.append(SecurityItem(id=ident, **g))  # type: ignore[arg-type]  # fields checked by the field table
        self.security = SecurityModel(responsibilities=tuple(items), **f)  # type: ignore[arg-type]  # fields checked by the field table

    # -- cross checks --------------------------------------------------------------------------

    def _check_categories_complete(self) -> None:
        parts = self.parts.get("categories")
        defined = self.defined.get("category", {})
        if parts:
            for cat in CATEGORY_IDS:
                if cat not in defined:
                    first = parts[0]
                    first.reader.problem(
                        first.key, "categories", f"category '{cat}' is not defined"
                    )

    def _extras(self) -> dict[str, object]:
        extras: dict[str, object] = {}  # core_only: the sections asked for, if any
        context = SectionContext(
            categories=MappingProxyType(self.categories),
            duties=MappingProxyType(self.duties),
            services=MappingProxyType(self.services),
            groups=MappingProxyType(self.groups),
            exam_points=MappingProxyType(self.exam_points),
            security=self.security,
        )
        for section, parts in self.parts.items():
            if section in CORE_SECTIONS or section in ORG_SECTIONS:
                continue
            extras[section] = self.extra_validators[section](parts, context)
        return extras


def _check_cell(r: Reader, at: Node, path: str, c: dict[str, object]) -> None:
    """The side(s) that own a cell must say what they do."""
    owner = c["owner"]
    need = {"aws": ("aws",), "customer": ("customer",), "shared": ("aws", "customer")}
    for side in need.get(str(owner), ()):
        if not c[side]:
            label = "AWS" if side == "aws" else "the customer"
            r.problem(
                at,
                join(path, side),
                f"owner is '{owner}' but '{side}' is empty: say what {label} does here",
            )


def _mark_line(mark: yaml.Mark | None) -> int:
    return mark.line + 1 if mark is not None else 1


def _syntax(exc: yaml.MarkedYAMLError) -> str:
    """'YAML syntax error: while scanning a quoted scalar (from line 3), found ...'."""
    parts = []
    if exc.context:
        started = exc.context_mark
        same = (
            started is not None
            and exc.problem_mark is not None
            and (started.line == exc.problem_mark.line)
        )
        where = f" (from line {started.line + 1})" if started is not None and not same else ""
        parts.append(f"{exc.context}{where}")
    if exc.problem:
        parts.append(str(exc.problem))
    return "YAML syntax error: " + (", ".join(parts) or "cannot parse")
