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


def test_every_catalog_message_has_a_chinese_translation():
    from pathlib import Path

    from babel.messages.pofile import read_po

    catalog_path = (
        Path(__file__).parents[2] / "meet/translations/zh_Hans_CN/LC_MESSAGES/messages.po"
    )
    with catalog_path.open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_every_message_in_the_source_is_in_the_chinese_catalog():
    from pathlib import Path

    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    root = Path(__file__).parents[2]
    method_map = [
        ("meet/**.py", "python"),
        ("templates/**.html", "jinja2"),
        ("meet/sports/**.html", "jinja2"),
    ]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    in_source = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(root), method_map, keywords=keywords
    ):
        in_source.add(message if isinstance(message, str) else message[0])
    with (root / "meet/translations/zh_Hans_CN/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle)
    assert sorted(in_source - {m.id for m in catalog if m.id}) == []
