"""Loa's security headers, from one place: the page's ``<meta>`` Content-Security-Policy and the
headers nginx sends (``deploy/nginx/loa-headers.conf``, written by ``invoke nginx-headers``).

Static hosting (and the offline copy) cannot always set HTTP headers, so the policy goes in a
meta tag; ``frame-ancestors``, ``report-uri`` and ``sandbox`` are ignored there
(research/low-bandwidth.md §3.4). Scripts are allowed only by hash, never ``'unsafe-inline'``.
Styles keep ``'unsafe-inline'``: the CSS is inlined into every page and pictograms are inline
SVG; a style cannot run code or reach another host under this policy.

A browser enforces every policy it gets, the meta tag's and the header's both, so the server's
header must allow the very same inline script (the quick exit, ``quick-exit.js``) by the same
hash; otherwise the exit does not blank the page, replace the history entry or answer Shift×3
on the live site (docs/quick-exit.md). :func:`site_policy` is that one policy.
"""
from __future__ import annotations

import base64
import hashlib
from pathlib import Path

#: The quick exit's script, exactly as every page inlines it (docs/quick-exit.md).
QUICK_EXIT_JS = (Path(__file__).with_name("quick-exit.js")).read_text(encoding="utf-8").strip()

#: Browser features no Loa page uses, switched off for the page and anything it could embed
#: (W3C Permissions Policy; names as Chromium knows them, so it logs no "unrecognized feature").
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                      "microphone=(), payment=(), usb=()")


def script_hash(source: str) -> str:
    """CSP source expression for an inline script: ``'sha256-<base64>'`` of its exact UTF-8 text
    (CSP Level 2, "hash-source")."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(inline_scripts=()) -> str:
    """The policy for every page: nothing from other hosts (``default-src 'self'``), images also
    as ``data:``, fonts only from the site, scripts only the given inline ones (by hash; none →
    ``'none'``), no ``<base>``, no forms, no plugins."""
    scripts = " ".join(script_hash(s) for s in inline_scripts) or "'none'"
    return ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            f"font-src 'self'; script-src {scripts}; object-src 'none'; base-uri 'none'; "
            "form-action 'none'")


def site_policy() -> str:
    """The Content-Security-Policy of Loa's pages: :func:`content_security_policy` allowing the
    quick-exit script. The page's meta tag carries it; the server's header carries it too."""
    return content_security_policy([QUICK_EXIT_JS])


def server_headers() -> list[tuple[str, str]]:
    """The HTTP headers the web server adds to every answer, as ``(name, value)``: the pages'
    policy plus ``frame-ancestors 'none'`` (which only a header can carry), the permissions
    policy, no referrer, no MIME sniffing, no framing, HTTPS only for a year."""
    return [
        ("Content-Security-Policy", site_policy() + "; frame-ancestors 'none'"),
        ("Permissions-Policy", PERMISSIONS_POLICY),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Strict-Transport-Security", "max-age=31536000"),
    ]


def nginx_headers_conf() -> str:
    """The text of ``deploy/nginx/loa-headers.conf``: one ``add_header … always;`` per
    :func:`server_headers`. Raises ``ValueError`` if a value holds a ``"`` or ``\\``, which the
    nginx string could not carry as written."""
    lines = ["# Loa's security headers, included in every location of loa-site.conf.",
             "# Install: /etc/nginx/snippets/loa-headers.conf.",
             "# Written by `invoke nginx-headers` from loa/theme/security.py: do not edit by hand. The",
             "# policy is the one every page's meta tag carries, with the quick exit's script hash.",
             "# Run `invoke nginx-headers` after changing loa/theme/quick-exit.js, and install again."]
    for name, value in server_headers():
        if '"' in value or "\\" in value:
            raise ValueError(f"{name}: {value!r} cannot be written as an nginx string")
        lines.append(f'add_header {name} "{value}" always;')
    return "\n".join(lines) + "\n"
