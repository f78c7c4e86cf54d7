"""The HTML pages of ``workbench serve``: the editor, the sign-in form, and the short page
that says why a request was refused. Every URL in them is this server's own (``/static/``:
textual-serve's terminal script, its stylesheet and its Roboto Mono fonts; ``/assets/``:
ours); no inline script (the Content-Security-Policy forbids it); every value is escaped."""

from __future__ import annotations

from html import escape

HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<link rel="stylesheet" href="/assets/workbench.css">
{extra}</head>
"""


def _head(title: str, extra: str = "") -> str:
    return HEAD.format(title=escape(title), extra=extra)


def editor_page(title: str, user: str, idle_minutes: float) -> str:
    """The terminal page: textual.js connects to ``/ws`` (set by ``workbench.js``)."""
    idle = (
        f", or nothing was typed for {idle_minutes:g} minute{'s' if idle_minutes != 1 else ''}"
        if idle_minutes
        else ""
    )
    extra = (
        '<link rel="stylesheet" href="/static/css/xterm.css">\n'
        '<script src="/assets/workbench.js"></script>\n'
        '<script src="/static/js/textual.js"></script>\n'
    )
    return (
        _head(title, extra)
        + f"""<body>
<div class="dialog-container intro-dialog"><div class="box">
<h1>{escape(title)}</h1><p>Opening the editor for {escape(user)}…</p></div></div>
<div class="dialog-container closed-dialog"><div class="box">
<h1>Session ended</h1>
<p>The editor closed: it was quit{escape(idle)}, or the connection dropped.
What was typed is saved.</p>
<button type="button" id="restart">Start again</button></div></div>
<div id="terminal" class="textual-terminal" data-session-websocket-url=""
 data-font-size="16"></div>
</body>
</html>
"""
    )


def login_page(title: str, xsrf: str, *, message: str = "", name: str = "") -> str:
    """The sign-in form (POST /login) with its XSRF field."""
    error = f'<p class="error">{escape(message)}</p>\n' if message else ""
    return (
        _head(f"Sign in · {title}")
        + f"""<body>
<div class="dialog-container"><div class="box">
<h1>{escape(title)}</h1>
{error}<form method="post" action="/login">
<input type="hidden" name="_xsrf" value="{escape(xsrf)}">
<label for="name">Name</label>
<input type="text" id="name" name="name" value="{escape(name)}" autocomplete="username"
 required autofocus>
<label for="password">Password or token</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<input type="submit" value="Sign in">
</form></div></div>
</body>
</html>
"""
    )


def refused_page(status: int, headline: str, reason: str) -> str:
    """A refused request: what was refused and why, in a sentence; never a stack trace."""
    return (
        _head(f"{status} {headline}")
        + f"""<body>
<div class="dialog-container"><div class="box">
<h1>{status} {escape(headline)}</h1>
<p>{escape(reason)}</p>
</div></div>
</body>
</html>
"""
    )
