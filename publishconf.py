"""Production overrides only: `invoke publish` builds with these."""
import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("LOA_SITEURL", "https://loa.laichau.example")
RELATIVE_URLS = False
LOA_PRODUCTION = True             # drafts left out unless the language allows them

# --- invoke publish (docs/publishing.md) ----------------------------------------------------
LOA_PUBLISH_TARGET = os.environ.get("LOA_PUBLISH_TARGET", "")   # a folder or user@host:/srv/loa
LOA_PUBLISH_KEEP = 5              # releases kept on the server for invoke rollback
