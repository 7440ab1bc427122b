"""Each capability reads its prefixed settings once into a frozen object; a wrong or renamed
setting is an error at the file and line that set it, every one at once (loa/site/settings.py)."""
from __future__ import annotations

import dataclasses
import shutil
import sys

import pytest

from conftest import ROOT, make_site
from loa.directory.settings import DirectorySettings, DirectorySettingsError
from loa.offline.settings import OfflineSettings, OfflineSettingsError
from loa.problems import ProblemsFound
from loa.site.settings import setting_locations
from loa.theme.settings import ThemeSettings


def test_a_setting_is_located_in_publishconf_when_set_there_and_in_pelicanconf_otherwise(tmp_path):
    (tmp_path / "pelicanconf.py").write_text('SITENAME = "x"\nA = B = 1\n(C, D) = (2, 3)\nE = 4\n')
    (tmp_path / "publishconf.py").write_text('import os\nfrom pelicanconf import *\n\nE = 5\n')
    found = setting_locations(tmp_path / "publishconf.py")
    pelican, publish = str(tmp_path / "pelicanconf.py"), str(tmp_path / "publishconf.py")
    assert found["E"] == (publish, 4)
    assert found["A"] == found["B"] == (pelican, 2)
    assert found["C"] == found["D"] == (pelican, 3)
    assert found["SITENAME"] == (pelican, 1)


def test_the_real_publishconf_overrides_loa_production_on_its_own_line():
    found = setting_locations(ROOT / "publishconf.py")
    path, line = found["LOA_PRODUCTION"]
    assert path.endswith("publishconf.py")
    assert (ROOT / "publishconf.py").read_text().splitlines()[line - 1].startswith("LOA_PRODUCTION = True")


def test_every_wrong_value_of_a_capability_is_reported_not_only_the_first():
    with pytest.raises(DirectorySettingsError) as caught:
        DirectorySettings.from_settings({"DIRECTORY_MAX_AGE_DAYS": 0, "DIRECTORY_TODAY": "yesterday"})
    assert [key for key, _, _ in caught.value.errors] == ["DIRECTORY_MAX_AGE_DAYS", "DIRECTORY_TODAY"]
    assert caught.value.partial.max_age_days == 180   # the default stands in for the wrong value


def test_an_old_name_is_an_error_that_names_the_new_one():
    with pytest.raises(OfflineSettingsError, match="LOA_OFFLINE_MAX_BYTES is now called OFFLINE_MAX_BYTES"):
        OfflineSettings.from_settings({"LOA_OFFLINE_MAX_BYTES": 100_000})


def test_a_misspelt_setting_of_a_plugin_is_an_error_naming_the_closest_known_one():
    with pytest.raises(OfflineSettingsError) as caught:
        OfflineSettings.from_settings({"OFFLINE_MAX_BYTE": 100_000})
    [(key, message, hint)] = caught.value.errors
    assert (key, message, hint) == ("OFFLINE_MAX_BYTE", "unknown setting OFFLINE_MAX_BYTE; it would be ignored",
                                    "did you mean OFFLINE_MAX_BYTES?")


def test_settings_objects_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        ThemeSettings.from_settings({}).image_max_bytes = 1


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with copies of the real settings files and the fixture site. The copied
    publishconf.py imports its pelicanconf as the module ``pelicanconf``: that module is taken
    out of ``sys.modules`` before and after, so no other build in this process gets the copy."""
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    site = make_site(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    before = sys.modules.pop("pelicanconf", None)
    yield tmp_path, site
    sys.modules.pop("pelicanconf", None)
    if before is not None:
        sys.modules["pelicanconf"] = before


def build(project, settings_file: str):
    from loa.build import build as run

    root, site = project
    with pytest.raises(ProblemsFound) as caught:
        run(root / settings_file, site.output, overrides=site.overrides(THEME=str(ROOT / "theme")))
    return [str(p).splitlines()[0] for p in caught.value.problems]


def line_of(path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(start))


def test_a_bad_value_in_publishconf_is_reported_at_its_line_in_publishconf(project):
    root, _ = project
    with (root / "publishconf.py").open("a") as f:
        f.write("OFFLINE_MAX_BYTES = -5\nSTATUS_SAVE_AS = '/etc/status.html'\n")
    messages = build(project, "publishconf.py")
    offline = line_of(root / "publishconf.py", "OFFLINE_MAX_BYTES")
    status = line_of(root / "publishconf.py", "STATUS_SAVE_AS")
    assert f"publishconf.py:{offline}: OFFLINE_MAX_BYTES must be a whole number of at least 1 bytes, not -5" \
        in messages
    assert any(m.startswith(f"publishconf.py:{status}: STATUS_SAVE_AS must be a path") for m in messages)


def test_an_old_name_in_pelicanconf_is_reported_at_its_line_with_the_new_name(project):
    root, _ = project
    text = (root / "pelicanconf.py").read_text().replace("THEME_IMAGE_MAX_BYTES", "LOA_IMAGE_MAX_BYTES")
    (root / "pelicanconf.py").write_text(text)
    messages = build(project, "pelicanconf.py")
    line = line_of(root / "pelicanconf.py", "LOA_IMAGE_MAX_BYTES")
    assert (f"pelicanconf.py:{line}: LOA_IMAGE_MAX_BYTES is now called THEME_IMAGE_MAX_BYTES; "
            "LOA_IMAGE_MAX_BYTES is no longer read") in messages
