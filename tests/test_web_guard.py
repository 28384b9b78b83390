"""The address guard, the body reader and site-URL normalization (no network)."""

from __future__ import annotations

import asyncio
import gzip
import zlib

import pytest

from processors.errors import TerminalError, TransientError, UsageError
from processors.website_intelligence.body import BadEncoding, BodyReader, BodyTooLarge
from processors.website_intelligence.guard import (
    AddressRefused,
    GuardPolicy,
    check_resolved,
    check_url,
    parse_ip_literal,
)
from processors.website_intelligence.settings import FetchSettings
from processors.website_intelligence.site_url import host_from_email, registrable_domain, site_url_for

STRICT = GuardPolicy()


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://127.1/", "http://2130706433/", "http://0x7f.0.0.1/", "http://0177.0.0.1/",
    "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:10.0.0.1]/", "http://10.1.2.3/",
    "http://192.168.0.1/", "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/",
    "http://0.0.0.0/", "http://224.0.0.1/", "http://[fe80::1]/", "http://[fd00:ec2::254]/", "http://[2002:7f00:1::]/",
    "http://localhost/", "http://foo.localhost/", "http://metadata.google.internal/", "http://printer.local/",
    "http://intranet/", "ftp://example.com/", "file:///etc/passwd", "http://example.com:8080/",
    "https://example.com:22/",
])
def test_refused(url: str) -> None:
    with pytest.raises(AddressRefused):
        asyncio.run(check_url(url, STRICT, resolve=False))


def test_public_literal_allowed_and_refusal_is_terminal() -> None:
    asyncio.run(check_url("http://93.184.216.34/", STRICT, resolve=False))
    asyncio.run(check_url("https://example.com/", STRICT, resolve=False))
    assert issubclass(AddressRefused, TerminalError)


def test_allow_private_lifts_address_checks_but_not_ports() -> None:
    loose = GuardPolicy(allow_private=True, allowed_ports=frozenset({80, 443, 8080}))
    asyncio.run(check_url("http://127.0.0.1:8080/", loose))
    with pytest.raises(AddressRefused):
        asyncio.run(check_url("http://127.0.0.1:9/", loose))


def test_resolved_addresses_are_checked_and_unresolvable_names_are_transient(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(AddressRefused, match="loopback"):
        check_resolved("evil.example", ["93.184.216.34", "127.0.0.1"])
    with pytest.raises(AddressRefused, match="private"):
        check_resolved("evil.example", ["::ffff:192.168.1.1"])
    check_resolved("ok.example", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises((TransientError, TerminalError), match="resolve|DNS"):  # nothing resolves here
        asyncio.run(check_url("https://no-such-host.invalid/", STRICT))


def test_with_a_proxy_the_guard_does_not_resolve(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    asyncio.run(check_url("https://no-such-host.invalid/", STRICT))
    with pytest.raises(AddressRefused):
        asyncio.run(check_url("https://10.0.0.1/", STRICT))


def test_parse_ip_literal_spellings() -> None:
    assert str(parse_ip_literal("2130706433")) == "127.0.0.1"
    assert str(parse_ip_literal("127.1")) == "127.0.0.1"
    assert parse_ip_literal("example.com") is None


def test_body_reader_caps_bombs_and_refuses_stacked_encodings() -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)
    reader = BodyReader("gzip", 100_000)
    with pytest.raises(BodyTooLarge):
        for i in range(0, len(bomb), 4096):
            reader.feed(bomb[i : i + 4096])
        reader.finish()
    with pytest.raises(BadEncoding):
        BodyReader("gzip, gzip", 1000)
    with pytest.raises(BadEncoding):
        BodyReader("br", 1000)
    raw = BodyReader(None, 10)
    with pytest.raises(BodyTooLarge):
        raw.feed(b"x" * 11)
    for data in (zlib.compress(b"<html>hi</html>"), zlib.compress(b"<html>hi</html>")[2:-4]):
        reader = BodyReader("deflate", 1000)
        reader.feed(data)
        assert reader.finish() == b"<html>hi</html>"


def test_site_url_normalization() -> None:
    assert site_url_for("HTTP://WWW.Acme.com/about?utm_source=x") == "https://acme.com/"
    assert site_url_for("acme.co.uk") == "https://acme.co.uk/"
    assert site_url_for("", "jane@sub.acme.com") == "https://sub.acme.com/"
    assert site_url_for("", "jane@gmail.com") is None
    assert site_url_for("n/a", "ivan@mail.ru") is None
    assert site_url_for("not a site") is None
    assert host_from_email("bob@yandex.ru") is None
    assert registrable_domain("www.shop.example.co.uk") == "example.co.uk"
    assert site_url_for("https://Пример.РФ/о-нас") == "https://xn--e1afmkfd.xn--p1ai/"
    assert site_url_for("", "Ivan <ivan@acme.ru>") == "https://acme.ru/"


def test_settings_validation() -> None:
    assert FetchSettings.from_settings({}).max_pages == 2
    assert FetchSettings.from_settings({"LEADPIPE_ALLOWED_PORTS": "80, 8080"}).allowed_ports == {80, 8080}
    with pytest.raises(UsageError):
        FetchSettings.from_settings({"LEADPIPE_PAGE_TIMEOUT_S": "soon"})
    with pytest.raises(UsageError):
        FetchSettings.from_settings({"LEADPIPE_OBEY_ROBOTS": "maybe"})
