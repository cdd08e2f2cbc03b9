"""A cache of the parsed knowledge and its matcher, for the cold start of ``whoowns ask``.

    knowledge, matcher = load_cached(directory, org, data_dir)

Keyed by the contents of every knowledge file (the course folder and the organisation's), and
by the code that reads them (the version, the Python, and the size and time of each module of
``bot/kb`` and ``bot/intent``), so an edit of either is never answered from a stale cache. The
file lives in the user's data dir (``DATA_DIR/cache/``), never in the package; one is kept.
Anything wrong with it (missing, unreadable, from other code) means: load the files as usual.
The cache is written and read by this user only, from their own data dir.
"""

from __future__ import annotations

import copyreg
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.intent import IntentMatcher
    from bot.kb.models import Knowledge

logger = logging.getLogger(__name__)

PREFIX = "knowledge-"
_CODE = ("kb", "intent")


def read_only(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """Rebuilds a read-only mapping from the cache."""
    return MappingProxyType(items)


def _proxy(m: MappingProxyType[Any, Any]) -> tuple[Any, tuple[dict[Any, Any]]]:
    return read_only, (dict(m),)


copyreg.pickle(MappingProxyType, _proxy)  # the knowledge's read-only mappings


def _files(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
    )


def cache_key(directory: Path, org: Path | None, core_only: bool) -> str:
    from bot import __version__

    digest = hashlib.sha256(f"{__version__}|{sys.version}|{core_only}".encode())
    package = Path(__file__).resolve().parent
    for part in _CODE:
        for module in sorted((package / part).glob("*.py")):
            stat = module.stat()
            digest.update(f"{module.name}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    for folder in (directory, org):
        digest.update(f"|{folder}|".encode())
        for path in _files(folder):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:40]


def load_cached(
    directory: Path | None, org: Path | None, data_dir: Path, *, core_only: bool = True
) -> tuple[Knowledge, IntentMatcher]:
    """The knowledge and matcher: from the cache when the files and code are the same, else
    loaded (raises :class:`bot.kb.KnowledgeError` as usual) and cached for the next time."""
    from bot.kb import default_knowledge_dir

    folder = Path(directory) if directory is not None else default_knowledge_dir()
    try:
        key = cache_key(folder, org, core_only)
    except OSError:
        key = None  # a folder the loader will report on
    path = data_dir / "cache" / f"{PREFIX}{key}.pickle" if key else None
    if path is not None:
        try:
            with path.open("rb") as f:
                knowledge, matcher = pickle.load(f)
            return knowledge, matcher
        except FileNotFoundError:
            pass
        except Exception:  # a cache from other code, or a broken file: load as usual
            logger.debug("knowledge cache %s not usable; loading the files", path)
    from bot.intent import IntentMatcher
    from bot.kb import load_knowledge

    knowledge = load_knowledge(directory, core_only=core_only, org=org)
    matcher = IntentMatcher(knowledge)
    if path is not None:
        _write(path, (knowledge, matcher))
    return knowledge, matcher


def _write(path: Path, value: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
        for old in path.parent.glob(f"{PREFIX}*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
        logger.debug("knowledge cache not written (%s)", exc)
