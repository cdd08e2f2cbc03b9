"""The web pages of an install ("Add to Slack"): small, accessible HTML, no external assets.

    install_page(authorize_url)                    # GET /slack/install
    success_page(team_name, team_id, app_id)       # back from Slack, installed
    failure_page(reason, install_url)              # a stale or reused link, Slack said no, ...
    cancelled_page(install_url)                    # the person pressed Cancel on Slack's page

Every value is HTML-escaped. The wording lives here; :data:`FAILURES` maps Bolt's failure
reasons (``invalid_state``, ``invalid_browser``, ``storage_error``, ...) to what a person
reads, and anything else is shown as Slack's error code, escaped.
"""

from __future__ import annotations

from html import escape

# Sent with every page: nothing is loaded from elsewhere, the page cannot be framed, and the
# code and state in the address never leave in a Referer header.
PAGE_HEADERS: dict[str, str] = {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0;
  background: #f8f8f8; color: #1d1c1d; line-height: 1.5; }
main { max-width: 36rem; margin: 3rem auto; padding: 2rem; background: #fff;
  border-radius: 8px; border: 1px solid #ddd; }
h1 { font-size: 1.5rem; margin-top: 0; }
a.button { display: inline-block; padding: 0.6rem 1.2rem; border-radius: 6px;
  background: #4a154b; color: #fff; font-weight: bold; text-decoration: none; }
a.button:focus, a.button:hover { background: #611f69; outline: 3px solid #1264a3;
  outline-offset: 2px; }
code { background: #f2f2f2; padding: 0 0.25rem; border-radius: 3px; }
li { margin: 0.4rem 0; }
.note { color: #555; font-size: 0.9rem; }
"""

# reason -> (title, what happened and what to do)
FAILURES: dict[str, tuple[str, str]] = {
    "invalid_state": (
        "This install link has expired",
        "Each install link works once and for a few minutes. Start again from the install "
        "page; nothing was installed.",
    ),
    "invalid_browser": (
        "This install link can't be used here",
        "It was already used, or the install was started in another browser. Start again "
        "from the install page in this browser; nothing was installed.",
    ),
    "missing_code": (
        "Slack did not confirm the install",
        "The answer from Slack had no authorization code. Start again from the install page.",
    ),
    "invalid_code": (
        "Slack did not confirm the install",
        "The authorization code was refused (it may have been used already). Start again "
        "from the install page.",
    ),
    "storage_error": (
        "The install could not be saved",
        "whoowns could not store the installation. Try again in a minute; if it keeps "
        "failing, ask whoever runs this whoowns server.",
    ),
}


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{escape(title)} · whoowns</title>\n<style>{_STYLE}</style>\n</head>\n"
        f'<body>\n<main>\n<h1 id="title">{escape(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n'
    )


def install_page(authorize_url: str) -> str:
    """The page behind ``GET /slack/install``: one "Add to Slack" link carrying the state."""
    return _page(
        "Install whoowns in your workspace",
        "<p>whoowns answers who owns which duty for an AWS database service: AWS, you, or "
        "both. It can also run a daily quiz in a channel and a short onboarding track for "
        "new engineers.</p>\n"
        f'<p><a class="button" id="add-to-slack" href="{escape(authorize_url)}">'
        "Add to Slack</a></p>\n"
        '<p class="note">Slack shows what whoowns may do and asks you to approve it. The '
        "link works once and for a few minutes.</p>",
    )


def success_page(team_name: str | None, team_id: str | None, app_id: str | None) -> str:
    where = escape(team_name or team_id or "your workspace")
    open_link = ""
    if team_id and app_id:
        href = f"slack://app?team={team_id}&id={app_id}"
        open_link = f'<p><a class="button" href="{escape(href)}">Open whoowns in Slack</a></p>\n'
    return _page(
        "whoowns is installed",
        f"<p>whoowns is now installed in <strong>{where}</strong>. Nothing else to set "
        "up.</p>\n<h2>What next</h2>\n<ul>\n"
        "<li>Type <code>/whoowns help</code> in any channel to see what you can ask, e.g. "
        "<code>/whoowns patching aurora</code>.</li>\n"
        "<li>Type <code>/whoowns quiz subscribe</code> in a channel for a daily quiz "
        "question there.</li>\n"
        "<li>Type <code>/whoowns onboarding here</code> in your new-joiners channel: each "
        "new member gets a short onboarding track by direct message "
        "(<code>/whoowns onboard @someone</code> starts it for one person).</li>\n"
        "<li>Open the whoowns app's Home tab for the responsibility matrix and your "
        "progress.</li>\n</ul>\n" + open_link,
    )


def org_success_page(org_name: str | None, workspaces: list[str] | None) -> str:
    """An org-wide install done: ``workspaces`` (names) the organisation's admins granted
    (None: not known yet, they arrive as Slack tells whoowns)."""
    where = escape(org_name or "your organisation")
    if workspaces:
        listed = "".join(f"<li>{escape(w)}</li>" for w in workspaces)
        granted = f"<p>It answers in these workspaces now:</p>\n<ul id='granted'>{listed}</ul>\n"
    else:
        granted = "<p>No workspace has been given access yet.</p>\n"
    return _page(
        "whoowns is installed",
        f"<p>whoowns is now installed for the whole of <strong>{where}</strong> "
        "(Enterprise Grid).</p>\n" + granted + "<p>An org admin adds it to more workspaces, or "
        "removes it from some, in the organisation's app settings; each workspace gets its own "
        "quiz, onboarding and digest from then on. Type <code>/whoowns help</code> in any of "
        "them to start.</p>\n",
    )


def failure_page(reason: str, install_url: str) -> str:
    title, text = FAILURES.get(
        reason,
        (
            "The install did not complete",
            f"Slack answered with the error code “{reason}”. Start again from the install "
            "page; nothing was installed.",
        ),
    )
    return _page(title, f"<p>{escape(text)}</p>\n{_again(install_url)}")


def cancelled_page(install_url: str) -> str:
    return _page(
        "Install cancelled",
        "<p>No problem: whoowns was not installed and nothing was stored. You can come back "
        "any time.</p>\n" + _again(install_url),
    )


def _again(install_url: str) -> str:
    return f'<p><a class="button" id="start-again" href="{escape(install_url)}">Start again</a></p>'
