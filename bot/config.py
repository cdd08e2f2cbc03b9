"""Settings from the environment. The only module that reads ``os.environ``.

``Settings.from_env()`` reads and checks every variable; a malformed one raises
:class:`ConfigError` with one line naming it. What a mode needs (tokens for
``serve``/``socket``) is checked with :meth:`Settings.require`. Secrets are
kept out of ``repr`` so a logged Settings never shows them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from logging import LogRecord

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_AUTHORIZE_URL = "https://slack.com/oauth/v2/authorize"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

# variable -> (attribute, what it looks like, where to get it)
_SECRETS = {
    "SLACK_BOT_TOKEN": ("bot_token", r"xoxb-\S+", "the Bot User OAuth Token (xoxb-…)"),
    "SLACK_SIGNING_SECRET": ("signing_secret", r"[0-9A-Za-z]{8,}", "the app's Signing Secret"),
    "SLACK_APP_TOKEN": (
        "app_token",
        r"xapp-\S+",
        "an app-level token (xapp-…) with connections:write",
    ),
    # OAuth installs (several workspaces, `whoowns serve` only); the client id is no secret
    # but checked the same way
    "SLACK_CLIENT_ID": ("client_id", r"\d+\.\d+", "the app's Client ID (Basic Information)"),
    "SLACK_CLIENT_SECRET": (
        "client_secret",
        r"[0-9A-Za-z]{8,}",
        "the app's Client Secret (Basic Information)",
    ),
}
OAUTH_VARIABLES = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET")
# what a malformed value should look like, where the description alone does not say
_FORMS = {
    "SLACK_SIGNING_SECRET": (
        "32 hexadecimal characters (0-9, a-f), from the app's Basic Information page, "
        "App Credentials"
    ),
}


WORKSPACE_ID = r"T[A-Z0-9]{2,}"
ADMIN_ID = r"[UW][A-Z0-9]{2,}"  # a WHOOWNS_ADMINS user id (W…: Enterprise Grid)
ADMIN_SCOPE = r"[TE][A-Z0-9]{2,}"  # a workspace (T…) or an Enterprise Grid organisation (E…)


def per_workspace(
    value: str, id_pattern: str, scope: str = WORKSPACE_ID
) -> dict[str, list[str]] | None:
    """A setting naming Slack ids, which are per workspace: ``ID[,ID…]`` where each ID may be
    prefixed by its workspace, ``T…:ID``. Workspace (``""``: any) -> its ids; None when an
    item is malformed. Used for WHOOWNS_ONBOARDING_CHANNEL (and WHOOWNS_ADMINS: ``T…:U…`` or
    ``E…:U…``, ``scope`` :data:`ADMIN_SCOPE`)."""
    found: dict[str, list[str]] = {}
    for item in (part.strip() for part in value.split(",")):
        match = re.fullmatch(rf"(?:({scope}):)?({id_pattern})", item)
        if match is None:
            return None
        found.setdefault(match.group(1) or "", []).append(match.group(2))
    return found


def ids_for(value: str | None, id_pattern: str, workspace: str) -> list[str]:
    """The ids of a :func:`per_workspace` setting that apply in ``workspace``: its own, else
    the unprefixed ones."""
    parsed = per_workspace(value, id_pattern) if value else None
    if not parsed:
        return []
    return parsed.get(workspace) or parsed.get("", [])


class ConfigError(Exception):
    """A missing or malformed setting; the message is one line that names the variable."""


def default_data_dir(environ: Mapping[str, str]) -> Path:
    base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "whoowns"


@dataclass(frozen=True)
class Settings:
    bot_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    slack_api_url: str = DEFAULT_SLACK_API_URL
    database_url: str = ""  # "" -> a SQLite file under the data dir
    port: int = 3000
    log_level: str = "INFO"
    knowledge_dir: Path | None = None  # None -> the knowledge shipped with the package
    org_knowledge_dir: Path | None = None  # a company's teams/resources, read after the above
    onboarding_channel: str | None = None
    # WHOOWNS_ADMINS: user ids who may change any setting, ``U…`` (every workspace) or
    # ``T…:U…`` (that workspace); see admins_for
    admins: tuple[str, ...] = ()
    gaps_retention_days: int = 90  # WHOOWNS_GAPS_RETENTION_DAYS: knowledge gaps kept this long
    confirm_days: int = 90  # WHOOWNS_CONFIRM_DAYS: a practice confirmation holds this long
    # WHOOWNS_PRODUCTION_ENVIRONMENTS: the `environment` values that are production (lower case)
    production_environments: tuple[str, ...] = ("prod", "production", "prd")
    web_concurrency: int = 1  # server worker processes
    web_threads: int = 32  # threads per worker
    data_dir: Path = field(default_factory=lambda: default_data_dir(os.environ))
    # OAuth installs ("Add to Slack", several workspaces): see oauth_mode
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    redirect_uri: str | None = None  # None: Slack uses the app's one Redirect URL
    authorize_url: str = DEFAULT_AUTHORIZE_URL
    # WHOOWNS_SIMULATED_WAITS=1, for fault-injection benches only: the CLI ticks honour
    # Retry-After and retry backoffs without sleeping (see bot.slack.client.waiter)
    simulated_waits: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        values: dict[str, object] = {}
        for var, (attr, pattern, _) in _SECRETS.items():
            value = get(var)
            if value is not None and not re.fullmatch(pattern, value):
                # never echo the value: it may be a real secret pasted in the wrong place
                form = f": {_FORMS[var]}" if var in _FORMS else ""
                raise ConfigError(f"{var} is malformed: expected {_SECRETS[var][2]}{form}")
            values[attr] = value

        api_url = get("SLACK_API_URL") or DEFAULT_SLACK_API_URL
        if not re.match(r"https?://[^/\s]+", api_url):
            raise ConfigError(
                f"SLACK_API_URL is malformed: expected an http(s) URL, got {api_url!r}"
            )
        values["slack_api_url"] = api_url if api_url.endswith("/") else api_url + "/"

        data_dir = Path(get("WHOOWNS_DATA_DIR") or default_data_dir(env))
        values["data_dir"] = data_dir
        db_url = get("DATABASE_URL") or ""
        if db_url.startswith("postgres://"):  # Heroku-style scheme
            db_url = "postgresql://" + db_url[len("postgres://") :]
        if db_url and not re.match(r"(sqlite|postgresql)(\+\w+)?://", db_url):
            raise ConfigError(
                "DATABASE_URL is malformed: expected sqlite:///PATH or postgresql://USER@HOST/DB"
            )
        values["database_url"] = db_url

        values["port"] = _int(get("PORT"), "PORT", 3000, 1, 65535)
        values["web_concurrency"] = _int(get("WEB_CONCURRENCY"), "WEB_CONCURRENCY", 1, 1, 64)
        values["web_threads"] = _int(get("WHOOWNS_THREADS"), "WHOOWNS_THREADS", 32, 1, 512)

        level = (get("LOG_LEVEL") or "INFO").upper()
        if level not in LOG_LEVELS:
            raise ConfigError(f"LOG_LEVEL is malformed: expected one of {', '.join(LOG_LEVELS)}")
        values["log_level"] = level

        values["knowledge_dir"], values["org_knowledge_dir"] = knowledge_dirs_from_env(env)

        channel = get("WHOOWNS_ONBOARDING_CHANNEL")
        if channel is not None and per_workspace(channel, r"[CG][A-Z0-9]{2,}") is None:
            raise ConfigError(
                "WHOOWNS_ONBOARDING_CHANNEL is malformed: expected a channel id like C0123ABCD "
                "(with several workspaces, one per workspace: T0123ABCD:C0123ABCD,T0456:C0456)"
            )
        values["onboarding_channel"] = channel
        for var in ("SLACK_REDIRECT_URI", "SLACK_AUTHORIZE_URL"):
            url = get(var)
            if url is not None and not re.match(r"https?://[^/\s]+/\S*$", url):
                raise ConfigError(f"{var} is malformed: expected an http(s) URL, got {url!r}")
        values["redirect_uri"] = get("SLACK_REDIRECT_URI")
        values["authorize_url"] = get("SLACK_AUTHORIZE_URL") or DEFAULT_AUTHORIZE_URL
        values.update(_admins_and_gaps(get), **_practices(get))
        return cls(**values)  # type: ignore[arg-type]  # values: dict[str, Any], checked above

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'whoowns.db'}"

    @property
    def oauth_client_set(self) -> bool:
        """SLACK_CLIENT_ID and SLACK_CLIENT_SECRET both set."""
        return bool(self.client_id and self.client_secret)

    @property
    def oauth_mode(self) -> bool:
        """Installs through OAuth ("Add to Slack", any number of workspaces): the client id
        and secret are set and the single-workspace SLACK_BOT_TOKEN is not."""
        return self.oauth_client_set and not self.bot_token

    def onboarding_channel_for(self, workspace: str) -> str | None:
        """The onboarding channel set for ``workspace`` (``T…:C…``), else the one set for
        every workspace (a bare ``C…``: single-workspace deployments), else None."""
        found = ids_for(self.onboarding_channel, r"[CG][A-Z0-9]{2,}", workspace)
        return found[0] if found else None

    def admins_for(self, workspace: str, enterprise: str | None = None) -> tuple[str, ...]:
        """The WHOOWNS_ADMINS user ids of ``workspace``: the plain ones (``U…`` / ``W…``, every
        workspace), those of its Enterprise Grid organisation ``enterprise`` (``E…:U…``, every
        workspace of it) and its own (``T…:U…``), in order, each once."""
        if not self.admins:
            return ()
        parsed = per_workspace(",".join(self.admins), ADMIN_ID, ADMIN_SCOPE)
        if not parsed:
            return ()
        org = parsed.get(enterprise, []) if enterprise else []
        own = parsed.get(workspace, []) if workspace else []
        return tuple(dict.fromkeys(parsed.get("", []) + org + own))

    def http_requirements(self) -> list[str]:
        """What `whoowns serve` needs: the client id, secret and signing secret in OAuth mode
        (either client variable set without a bot token counts as meaning it), else the bot
        token and signing secret."""
        if not self.bot_token and (self.client_id or self.client_secret):
            return list(OAUTH_VARIABLES)
        return ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]

    def require(self, names: Iterable[str]) -> None:
        """Raise ConfigError naming the first missing variable among ``names``, or when the
        bot token and the OAuth client are both set (which one to run on is not guessed)."""
        names = list(names)
        slack = {"SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"} & set(names)
        if slack and self.bot_token and self.oauth_client_set:
            raise ConfigError(
                "SLACK_BOT_TOKEN and SLACK_CLIENT_ID/SLACK_CLIENT_SECRET are both set: unset "
                "SLACK_BOT_TOKEN to install in several workspaces (OAuth), or the client id "
                "and secret to run in one workspace"
            )
        if "SLACK_BOT_TOKEN" in names and self.oauth_mode:
            raise ConfigError(
                "SLACK_BOT_TOKEN is missing: this command runs in one workspace (Socket Mode "
                "and the CLI); SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are for installs in "
                "several workspaces with `whoowns serve`"
            )
        for var in names:
            attr, _, what = _SECRETS[var]
            if not getattr(self, attr):
                raise ConfigError(f"{var} is missing: set it to {what}")

    def secrets(self) -> tuple[str, ...]:
        """Every secret value that is set (for log redaction)."""
        secrets = (self.bot_token, self.signing_secret, self.app_token, self.client_secret)
        return tuple(v for v in secrets if v)


def knowledge_dirs_from_env(
    environ: Mapping[str, str] | None = None,
) -> tuple[Path | None, Path | None]:
    """``WHOOWNS_KNOWLEDGE`` and ``WHOOWNS_ORG_KNOWLEDGE`` alone (``whoowns ask`` reads nothing
    else: no database, no Slack settings); None -> the shipped knowledge / no organisation."""
    env = os.environ if environ is None else environ
    knowledge = env.get("WHOOWNS_KNOWLEDGE", "").strip()
    org = env.get("WHOOWNS_ORG_KNOWLEDGE", "").strip()
    return (Path(knowledge) if knowledge else None, Path(org) if org else None)


def production_environments_from_env(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """``WHOOWNS_PRODUCTION_ENVIRONMENTS`` alone (``whoowns ask`` flags the settings of
    production databases by it), else the default; malformed: :class:`ConfigError`."""
    env = os.environ if environ is None else environ
    raw = env.get("WHOOWNS_PRODUCTION_ENVIRONMENTS")
    return Settings.production_environments if raw is None else _environments(raw)


def data_dir_from_env(environ: Mapping[str, str] | None = None) -> Path:
    """``WHOOWNS_DATA_DIR``, else the default data dir (``whoowns ask`` keeps its knowledge
    cache there)."""
    env = os.environ if environ is None else environ
    raw = env.get("WHOOWNS_DATA_DIR", "").strip()
    return Path(raw) if raw else default_data_dir(env)


def _int(raw: str | None, name: str, default: int, low: int, high: int) -> int:
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} is malformed: expected a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} is malformed: expected {low}..{high}, got {value}")
    return value


def _flag(raw: str | None) -> bool:
    return (raw or "0").lower() not in ("0", "false", "no")


def _admins_and_gaps(get: Callable[[str], str | None]) -> dict[str, object]:
    """WHOOWNS_ADMINS, WHOOWNS_GAPS_RETENTION_DAYS (bot.admins, bot.gaps) and
    WHOOWNS_SIMULATED_WAITS (fault-injection benches)."""
    days = get("WHOOWNS_GAPS_RETENTION_DAYS")
    return {
        "admins": _user_ids(get("WHOOWNS_ADMINS"), "WHOOWNS_ADMINS"),
        "gaps_retention_days": _int(days, "WHOOWNS_GAPS_RETENTION_DAYS", 90, 1, 3650),
        "simulated_waits": _flag(get("WHOOWNS_SIMULATED_WAITS")),
    }


def _practices(get: Callable[[str], str | None]) -> dict[str, object]:
    """WHOOWNS_CONFIRM_DAYS and WHOOWNS_PRODUCTION_ENVIRONMENTS (bot.practices)."""
    values: dict[str, object] = {
        "confirm_days": _int(get("WHOOWNS_CONFIRM_DAYS"), "WHOOWNS_CONFIRM_DAYS", 90, 1, 3650)
    }
    raw = get("WHOOWNS_PRODUCTION_ENVIRONMENTS")
    if raw is not None:
        values["production_environments"] = _environments(raw)
    return values


def _environments(raw: str) -> tuple[str, ...]:
    names = [n.strip().lower() for n in raw.split(",") if n.strip()]
    if not names or any(not re.fullmatch(r"[\w.-]{1,64}", n) for n in names):
        raise ConfigError(
            "WHOOWNS_PRODUCTION_ENVIRONMENTS is malformed: expected environment names, "
            f"comma separated, like prod,production,prd; got {raw[:60]!r}"
        )
    return tuple(dict.fromkeys(names))


def _user_ids(raw: str | None, name: str) -> tuple[str, ...]:
    """Comma-separated Slack user ids (``U0123ABCD,W0456EFGH``), each optionally prefixed by
    its workspace (``T0123ABCD:U0123ABCD``) or its Enterprise Grid organisation
    (``E0123ABCD:W0123ABCD``), in order, each once."""
    ids = [part.strip() for part in (raw or "").split(",") if part.strip()]
    for user in ids:
        if per_workspace(user, ADMIN_ID, ADMIN_SCOPE) is None:
            raise ConfigError(
                f"{name} is malformed: expected user ids like U0123ABCD or W0123ABCD (or "
                "T0123ABCD:U0123ABCD for one workspace, E0123ABCD:U0123ABCD for every workspace "
                f"of an Enterprise Grid organisation), comma separated, got {user[:40]!r}"
            )
    return tuple(dict.fromkeys(ids))


def configure_logging(settings: Settings) -> None:
    """Log to stderr at the configured level, with every secret redacted."""
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(settings.secrets()))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)


class RedactingFilter:
    """Replaces secrets and anything shaped like a Slack token in every record (a logging
    filter: logging calls its ``filter``; not a ``logging.Filter``, so reading the settings
    does not import logging, which ``whoowns ask`` never needs)."""

    # xoxe-…: a refresh token; xoxe.xoxb-…: a rotating bot token
    _TOKEN = re.compile(r"xox[abeposr](?:\.xox[bp])?-[0-9A-Za-z-]+|xapp-[0-9A-Za-z-]+")

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = tuple(s for s in secrets if s)

    def filter(self, record: LogRecord) -> bool:
        message = record.getMessage()
        clean = self._TOKEN.sub("[redacted]", message)
        for secret in self._secrets:
            clean = clean.replace(secret, "[redacted]")
        if clean != message or record.exc_info:
            if record.exc_info:
                from logging import Formatter

                text = Formatter().formatException(record.exc_info)
                text = self._TOKEN.sub("[redacted]", text)
                for secret in self._secrets:
                    text = text.replace(secret, "[redacted]")
                record.exc_text = text
                record.exc_info = None
            record.msg, record.args = clean, None
        return True
