"""What make-up says when a page does not come out full, and that each way it offers works:
the cut list of an overset story (《…》超 N 字: cut N characters, or drop photo X, or give it
to page N) and the lines a short page is missing, with the filler that would fit."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from conftest import copy_sample

from bulletin_pdf.commands.build import describe_overset
from bulletin_pdf.commands.check import ERROR, check_issue
from bulletin_pdf.makeup.blocks import Overset

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "2020-01-tianping"
PAGE2_LEAD = "          1月13日,天平街道党工委召开"
ADDED = "街道召开会议，部署全年重点工作，要求各居民区抓好落实。"  # 26 characters


def oversets(folder: Path) -> list[str]:
    return [
        f.what for f in check_issue(folder).findings if f.level == ERROR and f.kind == "overset"
    ]


def edit_yaml(folder: Path, change) -> None:
    file = folder / "issue.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    change(data)
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_cut_list_in_characters_and_photos_and_pages():
    o = Overset(1, "article “x”", 12, 150, "街道召开会议", None, title="天平街道召开会议")
    o.cut_chars = 150
    assert describe_overset(o).endswith("): cut 150 characters")
    assert describe_overset(o).startswith(
        "《天平街道召开会议》超 150 字 (12 lines, from “街道召开会议…”)"
    )
    o.photos = [("a.jpg", 20)]
    o.pages = [(3, 40)]
    assert describe_overset(o).endswith(
        "cut 150 characters; or drop photo a.jpg (frees 20 lines); "
        "or give it to page 3 (40 empty lines there)"
    )


def cut_from(data: dict, title: str, chars: int) -> None:
    """`chars` characters cut from the end of the story titled `title` (its last paragraphs)."""
    for page in data["pages"]:
        for block in page["blocks"]:
            if block.get("title") == title:
                body = block["body"].rstrip("\n")
                block["body"] = body[: len(body) - chars] + "\n"
                return
    raise AssertionError(title)


def test_each_way_out_of_an_overset_story_works(tmp_path):
    """70 sentences more in page 2's lead: two stories overset. Following every story's cut
    list — cut its characters — leaves nothing overset; so does dropping the photo each list
    offers instead."""
    folder = copy_sample(
        tmp_path, lambda t: t.replace(PAGE2_LEAD, f"          {ADDED * 70}\n\n{PAGE2_LEAD}")
    )
    told = oversets(folder)
    assert len(told) == 2, told
    cuts = []
    for what in told:
        found = re.search(r"《(.+?)》超 (\d+) 字 \((\d+) lines", what)
        assert found and f"cut {found.group(2)} characters" in what, what
        photo = re.search(r"drop photo (\S+) \(frees (\d+) lines\)", what)
        assert photo and photo.group(1) == "p2-longhua-visit.jpg", what
        cuts.append((found.group(1), int(found.group(2))))
    text = (folder / "issue.yaml").read_text(encoding="utf-8")

    # the first way: cut each story by what its list says
    def cut(data):
        for title, chars in cuts:
            cut_from(data, title, chars)

    edit_yaml(folder, cut)
    assert oversets(folder) == []

    # the second way: the text as it was, the photo dropped
    (folder / "issue.yaml").write_text(text, encoding="utf-8")

    def drop_photo(data):
        for block in data["pages"][1]["blocks"]:
            block["photos"] = [
                p for p in block.get("photos") or [] if p["file"] != "images/p2-longhua-visit.jpg"
            ]

    edit_yaml(folder, drop_photo)
    assert oversets(folder) == []


def test_a_page_with_room_is_offered_and_taking_it_works(tmp_path):
    """Page 2 without its greeting has room; page 1's briefs, made long, are offered it."""
    longer = "    - 天平街道召开居民区工作会议，部署春节期间安全、帮困和文明创建工作，要求各居民区抓好落实。\n"

    def edit(text: str) -> str:
        data = yaml.safe_load(text)
        data["pages"][1]["blocks"] = [
            b for b in data["pages"][1]["blocks"] if b["type"] != "greeting"
        ]
        briefs = next(b for b in data["pages"][0]["blocks"] if b["type"] == "briefs")
        briefs["items"] = briefs["items"] + [longer.strip()[2:]] * 25
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

    folder = copy_sample(tmp_path, edit)
    found = [w for w in oversets(folder) if "重要新闻" in w]
    assert found, oversets(folder)
    room = re.search(r"give it to page (\d+) \((\d+) empty lines there\)", found[0])
    assert room and room.group(1) == "2", found[0]

    def move(data):
        briefs = next(b for b in data["pages"][0]["blocks"] if b["type"] == "briefs")
        data["pages"][0]["blocks"].remove(briefs)
        data["pages"][1]["blocks"].append(briefs)

    edit_yaml(folder, move)
    assert oversets(folder) == []


def test_a_short_page_says_how_many_lines_and_what_would_fit(tmp_path):
    def edit(text: str) -> str:
        data = yaml.safe_load(text)
        data["pages"][1]["blocks"] = [
            b for b in data["pages"][1]["blocks"] if b["type"] != "greeting"
        ]
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

    folder = copy_sample(tmp_path, edit)
    result = check_issue(folder)
    short = [f for f in result.findings if f.kind == "unused space" and f.page == 2]
    assert short, [f.what for f in result.findings]
    said = re.search(
        r"(\d+) empty lines at the foot of columns (\d)–(\d) \((\d+) lines short\); a filler "
        r"\(filler: true\) of (\d) columns × (\d+) rows would fit \(about (\d+) characters\)",
        short[0].what,
    )
    assert said, short[0].what
    rows, first, last, lines, span, room, _chars = map(int, said.groups())
    assert lines == rows * (last - first + 1) and span == last - first + 1
    assert room == rows - 1  # a rule row between the page and the filler
