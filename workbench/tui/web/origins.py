"""Which ``Host`` and ``Origin`` headers ``workbench serve`` answers (as Jupyter Server does).

* **Host** (DNS rebinding): a page at ``http://evil.example:8000`` whose name is made to
  resolve to 127.0.0.1 reaches the server with ``Host: evil.example:8000``. A host *name* is
  accepted only when it is one the server is known by: ``localhost`` for a loopback address,
  the machine's names for ``0.0.0.0``/``::``, the ``--host`` name itself, and the hosts of
  the ``--allow-origin`` list (a reverse proxy's public name). An IP address is always
  accepted: rebinding needs a name.
* **Origin**: a browser sends it with every WebSocket and with cross-site requests. It must
  be the address the request came to (``http://`` or, behind a TLS proxy that says so,
  ``https://`` plus the ``Host``), or one of ``--allow-origin``. ``/ws`` needs one.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from workbench.core.errors import InputError

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
# A Host header as a browser sends it: a name or IPv4 address, or [IPv6], and a port.
HOST_HEADER = re.compile(r"^(?:[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")
WILDCARDS = ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` serves this machine only."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def host_name(host_header: str) -> str:
    """``example.org:8000`` -> ``example.org``; ``[::1]:8000`` -> ``::1`` (lower case)."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def normal_origin(origin: str) -> str:
    """``HTTPS://Mt.Example.org:443/`` -> ``https://mt.example.org``; ``InputError`` for
    anything that is not ``scheme://host[:port]``."""
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise InputError(f"--allow-origin '{origin}': expected http(s)://host[:port]")
    if parts.query or parts.fragment or parts.username:
        raise InputError(f"--allow-origin '{origin}': expected http(s)://host[:port]")
    try:
        number = parts.port
    except ValueError:
        raise InputError(f"--allow-origin '{origin}': expected http(s)://host[:port]") from None
    default = {"http": 80, "https": 443}[parts.scheme]
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    port = f":{number}" if number not in (None, default) else ""
    return f"{parts.scheme}://{host}{port}"


@dataclass(frozen=True)
class OriginPolicy:
    names: frozenset[str]  # host names accepted in Host (IP addresses always are)
    origins: frozenset[str]  # --allow-origin, normalised

    @classmethod
    def for_binding(cls, host: str, allow_origins: Iterable[str] = ()) -> OriginPolicy:
        origins = frozenset(normal_origin(o) for o in allow_origins)
        names = {host_name(host)}
        if is_loopback(host):
            names.update(LOOPBACK_NAMES)
        if host in WILDCARDS:
            names.update({socket.gethostname().lower(), socket.getfqdn().lower()})
        names.update(host_name(urlsplit(o).netloc) for o in origins)
        return cls(frozenset(n for n in names if n), origins)

    def host_allowed(self, host_header: str) -> bool:
        if not HOST_HEADER.match(host_header):
            return False
        name = host_name(host_header)
        return bool(name) and (_is_ip(name) or name in self.names)

    def origin_allowed(self, origin: str, host_header: str, *, https: bool = False) -> bool:
        """``origin`` is the address the request came to, or an allowed one."""
        try:
            given = normal_origin(origin)
        except InputError:
            return False  # "null", a file: page, garbage
        if given in self.origins:
            return True
        schemes = ("http", "https") if https else ("http",)
        for scheme in schemes:
            try:
                if given == normal_origin(f"{scheme}://{host_header.strip()}"):
                    return True
            except InputError:
                return False
        return False
