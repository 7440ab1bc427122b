"""Compiled templates kept on disk, so a build does not compile every template again.

Pelican gives each generator its own Jinja environment, and Jinja compiles a template to Python
code the first time an environment loads it: the pages, leaflets, scripts, directory, statistics
and status page each compiled ``base.html`` and the templates they share, 43 compilations and
about 1 s of every build, changed or not (cProfile of a no-op build, docs/performance.md).
Jinja's own answer is a bytecode cache (``jinja2.FileSystemBytecodeCache``): the compiled code of
a template, checked against a hash of its source, in ``<cache>/jinja/``.

Jinja names a cached template by its name and file only; the code it compiles also depends on
the environment (extensions such as ``i18n``, ``trim_blocks``, ``autoescape``, old- or new-style
gettext). :class:`TemplateBytecodeCache` adds those to the name, so two environments that
compile the same file differently never share an entry.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket

FOLDER = "jinja"


def environment_key(environment) -> str:
    """Everything of a Jinja ``environment`` that changes the code a template compiles to."""
    parts = (sorted(environment.extensions), environment.block_start_string, environment.block_end_string,
             environment.variable_start_string, environment.variable_end_string,
             environment.comment_start_string, environment.comment_end_string,
             environment.line_statement_prefix, environment.line_comment_prefix,
             environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence,
             environment.keep_trailing_newline, environment.optimized, environment.is_async,
             repr(environment.autoescape) if not callable(environment.autoescape)
             else getattr(environment.autoescape, "__qualname__", "callable"),
             getattr(environment, "newstyle_gettext", None),
             sorted((k, repr(v)) for k, v in environment.policies.items() if k.startswith("ext.i18n")))
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()


class TemplateBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file-system bytecode cache, keyed also by :func:`environment_key`."""

    def get_bucket(self, environment, name, filename, source):
        key = hashlib.sha1(f"{self.get_cache_key(name, filename)}|{environment_key(environment)}"
                           .encode("utf-8")).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket


_CACHES: dict[str, TemplateBytecodeCache] = {}


def bytecode_cache(cache_dir) -> TemplateBytecodeCache:
    """The bytecode cache in ``<cache_dir>/jinja/`` (made if missing), one object per folder."""
    folder = Path(cache_dir) / FOLDER
    key = str(folder.resolve())
    if key not in _CACHES:
        folder.mkdir(parents=True, exist_ok=True)
        _CACHES[key] = TemplateBytecodeCache(str(folder))
    return _CACHES[key]


def use_bytecode_cache(generator) -> None:
    """``generator_init`` receiver: give the generator's Jinja environment the bytecode cache of
    the build's cache folder (``CACHE_PATH``). ``LOA_TEMPLATE_CACHE = False`` turns it off."""
    settings = generator.settings
    if not settings.get("LOA_TEMPLATE_CACHE", True) or not settings.get("CACHE_PATH"):
        return
    generator.env.bytecode_cache = bytecode_cache(settings["CACHE_PATH"])
