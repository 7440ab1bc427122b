"""Security headers as ``<meta>``: the Content-Security-Policy every page carries.

Static hosting (and the offline copy) cannot always set HTTP headers, so the policy goes in a
meta tag; ``frame-ancestors``, ``report-uri`` and ``sandbox`` are ignored there
(research/low-bandwidth.md §3.4). Scripts are allowed only by hash, never ``'unsafe-inline'``.
Styles keep ``'unsafe-inline'``: the CSS is inlined into every page and pictograms are inline
SVG; a style cannot run code or reach another host under this policy.
"""
from __future__ import annotations

import base64
import hashlib


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
