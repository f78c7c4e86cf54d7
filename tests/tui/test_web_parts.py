"""The parts of ``workbench serve`` that decide who gets in, checked without a server: the
users file and ``serve adduser``, the sign-in limiter, the Host and Origin rules."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.core.errors import InputError
from workbench.tui.web.auth import Authenticator, LoginLimiter
from workbench.tui.web.origins import OriginPolicy, is_loopback, normal_origin
from workbench.tui.web.users import add_user, read_users, verify_secret


def test_adduser_asks_twice_and_stores_only_a_salted_hash(tmp_path: Path) -> None:
    users = tmp_path / "team.users"
    runner = CliRunner()
    result = runner.invoke(
        main, ["serve", "adduser", str(users), "ana"], input="correct horse\ncorrect horse\n"
    )
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    text = users.read_text()
    assert "correct horse" not in text and text.count("ana:scrypt$") == 1
    stored = read_users(users)["ana"]
    assert verify_secret("correct horse", stored) and not verify_secret("correct hors", stored)
    # the same password for another user: another salt, another hash
    add_user(users, "ben", "correct horse")
    assert read_users(users)["ben"] != read_users(users)["ana"]
    mismatch = runner.invoke(main, ["serve", "adduser", str(users), "cy"], input="abcdefgh\nx\n")
    assert mismatch.exit_code != 0 and "cy" not in read_users(users)
    short = runner.invoke(main, ["serve", "adduser", str(users), "cy"], input="short\nshort\n")
    assert short.exit_code == 2 and "at least 8" in short.stderr
    bad = runner.invoke(main, ["serve", "adduser", str(users), "a:b", "--generate-token"])
    assert bad.exit_code == 2 and len(bad.stderr.splitlines()) == 1


def test_adduser_generate_token_prints_it_once(tmp_path: Path) -> None:
    users = tmp_path / "team.users"
    result = CliRunner().invoke(main, ["serve", "adduser", str(users), "ana", "--generate-token"])
    assert result.exit_code == 0
    token = result.stdout.rsplit(" ", 1)[1].strip()
    assert len(token) >= 32 and token not in users.read_text()
    assert Authenticator("users", users=read_users(users)).password_matches("ana", token)


def test_a_broken_users_file_is_one_line(tmp_path: Path) -> None:
    users = tmp_path / "team.users"
    users.write_text("# team\nana:plaintext-password\n")
    with pytest.raises(InputError, match=r"team.users:2: expected name:scrypt"):
        read_users(users)
    result = CliRunner().invoke(main, ["serve", str(users), "--users", str(users)])
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1


def test_the_token_is_compared_whole() -> None:
    auth = Authenticator("token", token="abc123")
    assert auth.token_matches("abc123")
    assert not any(auth.token_matches(t) for t in ("abc12", "abc1234", "", "ABC123"))
    assert not Authenticator("users", token="abc123").token_matches("abc123")


def test_failed_sign_ins_are_limited_per_address_and_age_out() -> None:
    now = [0.0]
    limiter = LoginLimiter(limit=5, window=60.0, clock=lambda: now[0])
    for _ in range(5):
        assert not limiter.blocked("10.0.0.1")
        limiter.failed("10.0.0.1")
    assert limiter.blocked("10.0.0.1") and not limiter.blocked("10.0.0.2")
    assert limiter.retry_after("10.0.0.1") == 61
    now[0] = 59.9
    assert limiter.blocked("10.0.0.1")
    now[0] = 60.0
    assert not limiter.blocked("10.0.0.1")


def test_host_names_a_loopback_server_answers_to() -> None:
    policy = OriginPolicy.for_binding("127.0.0.1")
    assert all(policy.host_allowed(h) for h in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"))
    assert policy.host_allowed("192.168.1.5:8000")  # an IP address cannot be rebound
    for host in ("evil.example:8000", "localhost.evil.example", "", "a b", "x:1:2"):
        assert not policy.host_allowed(host), host


def test_a_proxy_origin_brings_its_host_name() -> None:
    policy = OriginPolicy.for_binding("127.0.0.1", ["HTTPS://MT.example.org:443/"])
    assert policy.origins == {"https://mt.example.org"}
    assert policy.host_allowed("mt.example.org")
    assert policy.origin_allowed("https://mt.example.org", "mt.example.org")
    assert not policy.origin_allowed("http://mt.example.org", "mt.example.org:8443")


def test_origins_must_be_the_served_address() -> None:
    policy = OriginPolicy.for_binding("127.0.0.1")
    assert policy.origin_allowed("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert policy.origin_allowed("http://localhost:8000", "localhost:8000")
    for origin in ("http://evil.example", "null", "http://127.0.0.1:8001", "file://"):
        assert not policy.origin_allowed(origin, "127.0.0.1:8000"), origin
    assert not policy.origin_allowed("https://127.0.0.1:8000", "127.0.0.1:8000")
    assert policy.origin_allowed("https://127.0.0.1:8000", "127.0.0.1:8000", https=True)
    with pytest.raises(InputError):
        normal_origin("mt.example.org")


def test_loopback_addresses() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.1.2.3", "::1", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.5", "example.org"))
