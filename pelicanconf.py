"""Development settings: `invoke build` and `invoke serve` use these.

Loa uses Pelican to read and cache the Markdown; the ``loa.*`` plugins write the site. Paths are
relative to this file. Production values are in publishconf.py.
"""
import os

SITENAME = "Loa"
SITEURL = ""                      # relative links in development
RELATIVE_URLS = True
LOA_PREVIEW_URL = "http://localhost:8000"   # absolute URLs in sitemap/feeds of a preview build

PATH = "content"
THEME = "theme"
OUTPUT_PATH = "output"
DEFAULT_LANG = "vi"
TIMEZONE = "Asia/Ho_Chi_Minh"

# Explicit and in order: each plugin is one capability (docs/architecture.md).
PLUGINS = [
    "loa.languages",
    "loa.directory",              # after loa.languages: needs the registry (docs/directory.md)
    "loa.statistics",             # after loa.directory: [[statistics:NAME]] tables (docs/statistics.md)
    "loa.freshness",              # translation status page for coordinators (output/status/)
    "loa.theme",                  # CSP, quick-exit script, images, Tai Viet font subset
    "loa.leaflets",               # after loa.languages and loa.directory: uses the plan and data
    "loa.spoken",                 # after loa.directory: read-aloud scripts and programmes (docs/scripts.md)
    "loa.checks",                 # page-weight budgets over the written pages
    "loa.offline",                # last: reads the pages and leaflets the others wrote
]

# Pelican reads pages only; it writes nothing itself. loa.languages writes <tag>/<name>.html.
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = []
ARTICLE_EXCLUDES = ["pages", "data", "leaflets", "pictograms", "scripts", "programmes"]
PAGE_EXCLUDES = []
STATIC_PATHS = ["images"]
THEME_STATIC_PATHS = []           # CSS is inlined into each page
SLUGIFY_SOURCE = "basename"
PAGE_URL = "{lang}/{slug}.html"
PAGE_LANG_URL = "{lang}/{slug}.html"
PAGE_SAVE_AS = ""
PAGE_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
PAGE_TRANSLATION_ID = None        # loa.languages pairs translations by file name
ARTICLE_TRANSLATION_ID = None
DIRECT_TEMPLATES = []
TAGS_SAVE_AS = TAG_SAVE_AS = CATEGORIES_SAVE_AS = CATEGORY_SAVE_AS = ""
AUTHORS_SAVE_AS = AUTHOR_SAVE_AS = ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = TRANSLATION_FEED_RSS = None
FORMATTED_FIELDS = []             # summary stays plain text (lists, leaflets, feeds)
DEFAULT_DATE = None
READERS = {"rst": None, "html": None, "htm": None}
LOG_FILTER = [(30, "Docutils has no localization for '%s'. Using 'en' instead.")]

JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": [],
}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# --- loa.languages -------------------------------------------------------------------------
LOA_LANGUAGES_FILE = "content/languages.yaml"
LOA_TRANSLATIONS_DIR = "translations"
LOA_HOME_PAGE = "trang-chu"       # content/pages/<tag>/trang-chu.md is each language's home
LOA_PRODUCTION = False            # drafts shown (with a notice) in development
LOA_CSS_FILES = ["base.css", "components.css", "print.css"]
LOA_QUICK_EXIT_URL = "https://www.google.com.vn/"   # a neutral page; see docs/quick-exit.md
LOA_SAFETY_PAGE = "an-toan-dien-thoai"  # linked from every home page when it exists (docs/quick-exit.md)

# --- loa.directory (docs/directory.md) ------------------------------------------------------
DIRECTORY_PRIMARY_HOTLINE = "111"  # in every footer and on every leaflet
DIRECTORY_MAX_AGE_DAYS = 180       # verified_on older than this: warning; fails a production build

# --- loa.statistics (docs/statistics.md) ---------------------------------------------------
STATISTICS_DATA_PATH = "data/statistics"  # <name>.csv (counts only) + <name>.yaml; never copied out
STATISTICS_THRESHOLD = 5           # counts from 1 to 4 are shown as "fewer than 5" (PRODUCT.md)

# --- loa.freshness -------------------------------------------------------------------------
STATUS_SAVE_AS = "status/index.html"        # coordinators' translation status page (noindex)

# --- loa.leaflets (docs/leaflets.md) ---------------------------------------------------------
# QR codes on leaflets always point at the production site, also in a development build:
# the same value as publishconf.py's SITEURL (same LOA_SITEURL variable, same default).
LEAFLETS_SITE_URL = os.environ.get("LOA_SITEURL", "https://loa.laichau.example")

# --- loa.spoken: recordings of the read-aloud scripts (docs/audio.md) -----------------------
SPOKEN_AUDIO_CACHE = "cache/audio"  # processed recordings and programme mixes, reused by every build
# The order of the listen control's <source>s. Opus first saves data on every browser that plays
# it; iOS Safari before 18.4 cannot, and some 18.4 versions fail on Ogg Opus instead of falling
# back (research/audio.md §2). Write ["mp3", "opus"] if iPhones in the field do not play.
SPOKEN_AUDIO_SOURCE_ORDER = ["opus", "mp3"]

# --- loa.theme -----------------------------------------------------------------------------
THEME_IMAGES_DIR = "images"       # content/images/*.jpg|png, written compressed
THEME_IMAGE_MAX_WIDTH = 640       # px: twice the 320 px reading width
THEME_IMAGE_MAX_BYTES = 30_000    # per image (PRODUCT.md budgets)
