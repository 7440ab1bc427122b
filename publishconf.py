"""Production overrides only: `invoke publish` builds with these."""
import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("LOA_SITEURL", "https://loa.laichau.example")
RELATIVE_URLS = False
LOA_PRODUCTION = True             # drafts left out unless the language allows them
