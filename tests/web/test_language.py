from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po


def test_pages_are_in_chinese_by_default(client, create_meet):
    create_meet(name="于洪区运动会")
    page = client.get("/")
    assert 'lang="zh-Hans"' in page.text
    assert "运动会" in page.text
    assert "流动运动会" in page.text  # the brand, translated


def test_language_switch_to_english_is_remembered(client, create_meet):
    create_meet()
    response = client.get("/lang/en?next=/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/")
    assert 'lang="en"' in page.text
    assert "Mobile sports meet" in page.text
    client.get("/lang/zh_Hans_CN?next=/")
    assert 'lang="zh-Hans"' in client.get("/").text


def test_language_switch_refuses_to_redirect_off_site(client):
    response = client.get("/lang/en?next=//evil.example/")
    assert response.headers["Location"] == "/"


ROOT = Path(__file__).parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
SPORT_FOLDERS = sorted(path.parent for path in ROOT.glob("meet/sports/*/rules.py"))
# Each catalog and the source it covers: the app's (every sport folder left out), then each
# sport's own, which travels with its folder.
CATALOGS = [
    (
        ROOT / "meet/translations",
        ROOT,
        [("meet/sports/*/**", "ignore"), ("meet/**.py", "python"), ("templates/**.html", "jinja2")],
    ),
    *(
        (folder / "translations", folder, [("**.py", "python"), ("**.html", "jinja2")])
        for folder in SPORT_FOLDERS
    ),
]


def _chinese(catalogs: Path):
    with (catalogs / "zh_Hans_CN/LC_MESSAGES/messages.po").open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize(("catalogs", "source", "method_map"), CATALOGS)
def test_every_catalog_message_has_a_chinese_translation(catalogs, source, method_map):
    catalog = _chinese(catalogs)
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize(("catalogs", "source", "method_map"), CATALOGS)
def test_every_message_in_the_source_is_in_its_chinese_catalog(catalogs, source, method_map):
    in_source = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(source), method_map, keywords=KEYWORDS
    ):
        in_source.add(message if isinstance(message, str) else message[0])
    assert in_source, "nothing extracted: the source of this catalog moved"
    assert sorted(in_source - {m.id for m in _chinese(catalogs) if m.id}) == []


def test_every_sport_has_its_own_catalog():
    assert len(SPORT_FOLDERS) >= 7
    assert all((folder / "translations").is_dir() for folder in SPORT_FOLDERS)


def test_a_sport_speaks_chinese_from_its_own_catalog(app):
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("zh_Hans_CN"):
        assert gettext("Rope skipping") == "跳绳"
