"""`check` finds nothing on a clean page and finds each planted fault; for each finding the
fix its message gives is followed as written (the YAML edited as an editor would) and check
runs again to show the finding gone (issue 10).

Every issue here is made of real text: the sample's lead story (the Tianping newsletter of
January 2020) and the articles of tests/issues/t10-safety-4p (its SOURCES.md names them).
Findings are matched on their kind, page, block and figures, not on whole sentences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import copy_sample
from PIL import Image

from bulletin_pdf.commands import cli
from bulletin_pdf.commands.check import (
    ERROR,
    NOTE,
    CheckResult,
    Finding,
    check_issue,
    format_result,
)
from bulletin_pdf.errors import EXIT_BAD_INPUT, EXIT_OK

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "2020-01-tianping"

MAKEUP_KINDS = ("unused space", "makeup", "overset")

HEAD = """\
newsletter:
  name: 社区之窗
  publisher: 示例街道党工委 示例街道办事处
  internal: false  # the news texts quote 记者, which §1.6 keeps out of internal papers
number: 8
date: 2022-07-15
layout: tabloid-4k
imprint:
  editor: 示例街道党工委 示例街道办事处
  audience: 本街道居民、区域单位
  printer: 示例印刷有限公司
  print_date: 2022-07-15
  copies: 3000
pages:
"""


def _article_bodies(issue: Path) -> list[str]:
    doc = yaml.safe_load((issue / "issue.yaml").read_text(encoding="utf-8"))
    return [
        b["body"].strip()
        for page in doc["pages"]
        for b in page["blocks"]
        if b.get("type") == "article" and b.get("body")
    ]


LEAD_TITLE = "天平街道第五届社区代表会议第二次会议顺利召开"
LEAD = _article_bodies(SAMPLE)[0]
SHORT = "\n\n".join(LEAD.split("\n\n")[:2])  # 443 characters: a page far from full
MORE = "\n\n".join(_article_bodies(ROOT / "tests" / "issues" / "t10-safety-4p"))


def chars(text: str) -> int:
    return len(re.sub(r"\s", "", text))


def first_chars(text: str, n: int) -> str:
    """The start of `text` holding `n` characters (white space not counted)."""
    count = 0
    for i, ch in enumerate(text):
        if count == n:
            return text[:i].rstrip()
        count += not ch.isspace()
    assert count == n, f"the text holds only {count} characters, not {n}"
    return text


def cut_end(text: str, n: int) -> str:
    """`text` without its last `n` characters (white space not counted)."""
    return first_chars(text, chars(text) - n)


def article(title: str, body: str, photos: str = "", **keys) -> str:
    lines = ["      - type: article", f"        title: {title}"]
    lines += [f"        {k}: {v}" for k, v in keys.items()]
    lines += [photos.rstrip("\n")] if photos else []
    lines.append("        body: |")
    lines += [f"          {line}" if line else "" for line in body.splitlines()]
    return "\n".join(lines) + "\n"


def briefs(title: str, items: list[str], **keys) -> str:
    lines = ["      - type: briefs", f"        title: {title}"]
    lines += [f"        {k}: {v}" for k, v in keys.items()]
    lines += ["        items:"] + [f"          - {item}" for item in items]
    return "\n".join(lines) + "\n"


def one_page(*blocks: str) -> str:
    return "  - section: 要闻\n    blocks:\n" + "".join(blocks)


def edit(folder: Path, old: str, new: str) -> None:
    file = folder / "issue.yaml"
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in the issue"
    file.write_text(text.replace(old, new), encoding="utf-8")


def rewrite(folder: Path, pages: str) -> None:
    """The issue's pages written again, as an editor's edit of its text leaves them."""
    (folder / "issue.yaml").write_text(HEAD + pages, encoding="utf-8")


def makeup_findings(result: CheckResult) -> list[Finding]:
    return [f for f in result.findings if f.kind in MAKEUP_KINDS]


def number(text: str, unit: str) -> int:
    """The figure before `unit` in a message ('46 empty lines' → 46 for 'lines')."""
    match = re.search(rf"(\d+) (?:empty )?{unit}", text)
    assert match, f"no figure in {unit} in {text!r}"
    return int(match.group(1))


def block_field(page: int, block: int) -> str:
    return f"pages[{page - 1}].blocks[{block}]"


PHOTO = """\
        photos:
          - file: images/p1-zhong-speech.jpg
            caption: 区委副书记钟晓咏讲话
            credit: 魏克 摄
            columns: 3
"""


PHOTO_TALL = PHOTO + "            ratio: 0.75\n"


LIST_ITEMS = yaml.safe_load((SAMPLE / "issue.yaml").read_text(encoding="utf-8"))["pages"][0][
    "blocks"
][1]["items"]


def numbered_list(items: list[str], **keys) -> str:
    lines = ["      - type: list", "        title: 天平街道2020年十大实事项目"]
    lines += [f"        {k}: {v}" for k, v in keys.items()]
    lines += ["        items:"] + [f"          - {item}" for item in items]
    return "\n".join(lines) + "\n"


LEAD_PART = SHORT + "\n\n" + first_chars(MORE, 1500)  # the lead story, half a page


# ---- a clean page ---------------------------------------------------------------------------


def test_the_sample_makes_up_full_and_check_finds_nothing(tmp_path, capsys):
    folder = copy_sample(tmp_path, name="sample")
    result = check_issue(folder)
    assert [f for f in result.findings if f.level != NOTE] == [], format_result(result)
    assert cli.main(["check", "--strict", str(folder)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "page 1: clean" in out and "page 2: clean" in out


# ---- hints no full page keeps ---------------------------------------------------------------

LIST_TITLE = "        title: 天平街道2020年十大实事项目\n"
GREETING_TITLE = "        title: 新春贺词\n"


@pytest.mark.parametrize(
    ("title", "hint", "page", "block"),
    [
        (LIST_TITLE, "columns: 3", 1, 1),  # the list in 3 columns leaves no full page 1
        (LIST_TITLE, "place: top", 1, 1),  # the list over the lead story
        (GREETING_TITLE, "column: 4", 2, 1),  # the greeting from column 4 on
    ],
    ids=["list-columns", "list-place", "greeting-column"],
)
def test_a_hint_no_full_page_keeps_is_named_and_taking_it_out_quiets_it(
    tmp_path, title, hint, page, block
):
    folder = copy_sample(tmp_path, name="sample")
    edit(folder, title, f"{title}        {hint}\n")
    result = check_issue(folder)
    found = [f for f in makeup_findings(result) if f.page == page]
    assert len(found) == 1, format_result(result)
    departure = found[0]
    assert departure.kind == "makeup" and departure.where.field == block_field(page, block)
    assert hint in departure.what and "take the hint out" in departure.fix
    # the fix: take the hint out
    edit(folder, f"{title}        {hint}\n", title)
    assert makeup_findings(check_issue(folder)) == []


def test_the_same_hint_pinned_is_kept_and_found_as_a_hole(tmp_path):
    """`pin: true`, the warning's other fix, keeps the hint at the price of a hole: the
    departure is gone and check reports the hole instead, with its lines and columns, under
    the briefs box beside the 3-column list; a brief of the length its fix names fills it."""
    folder = copy_sample(tmp_path, name="sample")
    edit(folder, LIST_TITLE, f"{LIST_TITLE}        columns: 3\n        pin: true\n")
    result = check_issue(folder)
    found = makeup_findings(result)
    assert not [f for f in found if f.kind == "makeup"], format_result(result)
    assert [f.kind for f in found] == ["unused space"], format_result(result)
    hole = found[0]
    assert hole.page == 1 and hole.columns == (4, 5) and hole.lines > 0
    assert "briefs “重要新闻”" in hole.fix and f"{hole.chars} characters" in hole.fix
    # the fix: the briefs box that much longer, one brief more (real text, one paragraph)
    brief = re.sub(r"\s", "", first_chars(MORE, hole.chars))
    edit(folder, "          - 1月15日,", f"          - {brief}\n          - 1月15日,")
    result = check_issue(folder)
    assert makeup_findings(result) == [], format_result(result)


def test_pinning_a_hint_costs_a_hole_as_the_departure_warning_says(project):
    folder = project(
        "pin", HEAD + one_page(article(LEAD_TITLE, LEAD_PART), numbered_list(LIST_ITEMS, columns=4))
    )
    departure = [f for f in makeup_findings(check_issue(folder)) if f.kind == "makeup"]
    assert len(departure) == 1 and "at the price of a hole" in departure[0].fix
    rewrite(
        folder,
        one_page(article(LEAD_TITLE, LEAD_PART), numbered_list(LIST_ITEMS, columns=4, pin="true")),
    )
    result = check_issue(folder)
    assert [f.kind for f in makeup_findings(result) if f.level == ERROR] == [], format_result(
        result
    )


# ---- too little text, too much --------------------------------------------------------------


def follow_fixes(folder: Path, start: str, photos: str = "", rounds: int = 3):
    """Edit the lead story's text as check's findings say until check finds nothing of
    make-up: for a hole under it, add the characters its fix names (more real text, from
    MORE); for overset, cut the characters it names at the text's end. Returns each round's
    finding as (kind, lines), and the text that fills the page."""
    added, steps = 0, []
    for _ in range(rounds):
        body = start + ("\n\n" + first_chars(MORE, added) if added else "")
        rewrite(folder, one_page(article(LEAD_TITLE, body, photos)))
        result = check_issue(folder)
        found = makeup_findings(result)
        if not found:
            return steps, body
        finding = found[0]
        steps.append((finding.kind, finding.lines))
        # the figure followed is the one the editor reads in the message
        assert f"{finding.chars} characters" in finding.what + finding.fix, finding
        if finding.kind == "overset":
            added -= finding.chars
        else:
            assert finding.kind == "unused space" and LEAD_TITLE in finding.fix, finding
            added += finding.chars
    raise AssertionError(f"not clean after {rounds} rounds: {steps}\n{format_result(result)}")


def test_too_little_text_is_a_hole_with_the_characters_that_fill_it(project):
    """A page with two paragraphs: check says how many lines are empty in which columns and
    how many characters the story above them needs; that much more text fills the page."""
    folder = project("short", HEAD + one_page(article(LEAD_TITLE, SHORT)))
    result = check_issue(folder)
    found = makeup_findings(result)
    assert len(found) == 1, format_result(result)
    hole = found[0]
    assert (hole.kind, hole.page, hole.columns) == ("unused space", 1, (1, 5))
    assert hole.lines == number(hole.what, "lines") > 40  # the page's 65 rows less 12
    assert LEAD_TITLE in hole.fix
    # more text, then the overset cut: the new text sets a little looser or tighter than
    # the story's first lines, by which the figure was made
    steps, _ = follow_fixes(folder, SHORT)
    assert steps[0] == ("unused space", hole.lines) and len(steps) <= 2
    assert steps[0] == ("unused space", hole.lines)


def test_too_much_text_is_overset_by_lines_and_characters_and_cutting_them_fits(project, capsys):
    body = SHORT + "\n\n" + first_chars(MORE, 3300)
    folder = project("long", HEAD + one_page(article(LEAD_TITLE, body)))
    assert cli.main(["check", str(folder)]) == EXIT_BAD_INPUT
    assert "overset" in capsys.readouterr().out
    found = makeup_findings(check_issue(folder))
    assert len(found) == 1
    overset = found[0]
    assert (overset.level, overset.kind, overset.page) == (ERROR, "overset", 1)
    assert overset.where.field == block_field(1, 0) and LEAD_TITLE[:16] in overset.what
    lines, cut = overset.lines, overset.chars
    assert f"{lines} lines" in overset.what and f"{cut} characters" in overset.what
    assert lines > 0 and lines * 10 <= cut <= lines * 5 * 14
    # the fix: shorten the text by the characters it says, at its end
    rewrite(folder, one_page(article(LEAD_TITLE, cut_end(body, cut))))
    assert cli.main(["check", "--strict", str(folder)]) == EXIT_OK
    assert makeup_findings(check_issue(folder)) == []


def full_page(project, name: str) -> tuple[Path, str]:
    """An issue whose one page the lead story fills, as following check's fixes makes it."""
    folder = project(name, HEAD + one_page(article(LEAD_TITLE, SHORT)))
    return folder, follow_fixes(folder, SHORT)[1]


def test_overset_by_a_photo_says_dropping_it_and_dropping_it_fits(project):
    """A full page's story given a photo too: the cut list offers dropping the photo with
    the lines it frees, and without it the story fits again."""
    folder, full = full_page(project, "photo-over")
    photo_file = folder / "images" / "p1-zhong-speech.jpg"
    photo_file.write_bytes((SAMPLE / "images" / "p1-zhong-speech.jpg").read_bytes())
    photo = PHOTO.replace("            columns: 3\n", "")
    rewrite(folder, one_page(article(LEAD_TITLE, full, photo)))
    (overset,) = [f for f in makeup_findings(check_issue(folder)) if f.kind == "overset"]
    drop = re.search(r"drop photo (\S+) \(frees (\d+) lines\)", overset.what)
    assert drop and drop.group(1) == "p1-zhong-speech.jpg", overset.what
    assert int(drop.group(2)) >= number(overset.what, "lines")
    rewrite(folder, one_page(article(LEAD_TITLE, full)))  # the fix: the photo out
    assert makeup_findings(check_issue(folder)) == []


def test_overset_with_room_on_another_page_says_that_page_and_moving_there_fits(project):
    """A second story on a full page 1 while page 2 runs short: its cut list offers page 2,
    and the story moved there leaves nothing overset."""
    folder, full = full_page(project, "move")
    second = article("天平街道党工委召开主题教育总结会", first_chars(MORE[3500:], 900))
    short = article("社区简讯", first_chars(MORE[2500:], 300))
    page_2 = "  - section: 社区\n    blocks:\n"
    rewrite(folder, one_page(article(LEAD_TITLE, full), second) + page_2 + short)
    found = [f for f in makeup_findings(check_issue(folder)) if f.kind == "overset"]
    moved = [f for f in found if f.where.field == block_field(1, 1)]
    assert len(moved) == 1 and re.search(r"give it to page 2\b", moved[0].what), found
    rewrite(folder, one_page(article(LEAD_TITLE, full)) + page_2 + short + second)
    assert [f for f in makeup_findings(check_issue(folder)) if f.kind == "overset"] == []


# ---- fillers ---------------------------------------------------------------------------------


FILLER = briefs(
    "简讯", ["1月1日,区长方世忠到乌鲁木齐南路66号“66梧桐院·邻里汇”调研。"], filler="true"
)


def test_a_filler_not_needed_is_named_and_removing_it_quiets_it(project):
    folder, full = full_page(project, "filler")
    rewrite(folder, one_page(article(LEAD_TITLE, full), FILLER))
    result = check_issue(folder)
    found = makeup_findings(result)
    assert len(found) == 1, format_result(result)
    left_out = found[0]
    assert (left_out.kind, left_out.page) == ("makeup", 1)
    assert left_out.where.field == block_field(1, 1) and "filler" in left_out.what
    assert "remove it" in left_out.fix
    edit(folder, FILLER, "")
    assert makeup_findings(check_issue(folder)) == []


def test_a_filler_of_the_size_a_hole_names_closes_it(project):
    """The hole's note names a filler's columns, rows and characters; a briefs box of those
    characters, marked filler, fills the page (a wide box sets its items in 2–3 inner
    columns, so its lines hold what the note counted)."""
    folder = project("hole-filler", HEAD + one_page(article(LEAD_TITLE, SHORT)))
    (hole,) = makeup_findings(check_issue(folder))
    size = re.search(r"filler \(filler: true\) of (\d+) columns × \d+ rows", hole.what)
    assert size, hole.what
    wanted = int(re.search(r"about (\d+) characters\)", hole.what).group(1))
    text = first_chars(MORE, wanted)
    items = [re.sub(r"\s", "", p) for p in text.split("\n\n")]  # one item a paragraph
    rewrite(folder, one_page(article(LEAD_TITLE, SHORT), briefs("简讯", items, filler="true")))
    result = check_issue(folder)
    assert makeup_findings(result) == [], format_result(result)


# ---- the other rules check reports ----------------------------------------------------------


def test_a_dropped_space_is_named_with_its_characters_and_an_ideographic_space_quiets_it(project):
    """A space typed between Chinese characters is not set (a composition rule); check names
    the characters around it and says what to type where a gap is meant: U+3000."""
    spaced = SHORT.replace("共议社区发展", "共议 社区发展", 1)
    folder = project("space", HEAD + one_page(article(LEAD_TITLE, spaced)))
    found = [f for f in check_issue(folder).findings if f.kind == "composition"]
    assert len(found) == 1
    dropped = found[0]
    assert dropped.page == 1 and dropped.where.field == "pages[0].blocks[0].body[0]"
    assert "议 社" in dropped.what and "U+3000" in dropped.what
    rewrite(folder, one_page(article(LEAD_TITLE, spaced.replace("共议 社区", "共议\u3000社区"))))
    assert [f for f in check_issue(folder).findings if f.kind == "composition"] == []


def test_a_photo_below_print_resolution_says_the_pixels_and_the_size_that_print(project):
    """A photo shrunk to 500 × 350 pixels, set 5 columns wide: check gives the pixels that
    print at that size and the largest size the photo prints at; a photo with exactly those
    pixels, or the photo set no wider than that size (in whole columns), is enough."""
    from bulletin_pdf.commands.build import make

    photo = PHOTO.replace("            columns: 3\n", "")
    folder = project(
        "lowres", HEAD + one_page(article(LEAD_TITLE, SHORT, photo)), ("p1-zhong-speech.jpg",)
    )
    file = folder / "images" / "p1-zhong-speech.jpg"
    original = Image.open(SAMPLE / "images" / "p1-zhong-speech.jpg")
    original.resize((500, 350)).save(file, quality=90)

    def low() -> list[Finding]:
        return [f for f in check_issue(folder).findings if f.kind == "image" and "ppi" in f.what]

    found = low()
    assert len(found) == 1 and found[0].where.field == "pages[0].blocks[0].photos[0]"
    assert number(found[0].what, "ppi") < 200
    match = re.search(r"at least (\d+) × (\d+) pixels", found[0].fix)
    size = re.search(r"at most (\d+) × (\d+) mm", found[0].fix)
    assert match and size, found[0].fix
    # the fix: a photo with the pixels it names
    original.resize((int(match.group(1)), int(match.group(2)))).save(file, quality=90)
    assert low() == []
    # or the photo set no wider than the size it names: the widest span of whole columns
    original.resize((500, 350)).save(file, quality=90)
    layout = make(folder / "issue.yaml", allow_missing=True).layout
    widest = max(
        n
        for n in range(1, layout.columns + 1)
        if layout.span_width(0, n) * 25.4 / 72 <= int(size.group(1))
    )
    narrow = photo + f"            columns: {widest}\n"
    rewrite(folder, one_page(article(LEAD_TITLE, SHORT, narrow)))
    assert low() == []


def test_a_photo_a_messaging_app_shrank_asks_for_the_original_and_the_original_quiets_it(project):
    photo = PHOTO.replace("            columns: 3\n", "")
    folder = project(
        "wechat", HEAD + one_page(article(LEAD_TITLE, SHORT, photo)), ("p1-zhong-speech.jpg",)
    )
    file = folder / "images" / "p1-zhong-speech.jpg"
    with Image.open(SAMPLE / "images" / "p1-zhong-speech.jpg") as original:
        original.resize((1280, 896)).save(file, quality=90)  # WeChat's size without 原图
    found = [f for f in check_issue(folder).findings if f.kind == "image"]
    shrunk = [f for f in found if "1280 × 896" in f.what]
    assert len(shrunk) == 1 and "原图" in shrunk[0].fix
    assert shrunk[0].where.field == "pages[0].blocks[0].photos[0]"
    # the fix: the original, as the camera made it
    file.write_bytes((SAMPLE / "images" / "p1-zhong-speech.jpg").read_bytes())
    assert [f for f in check_issue(folder).findings if f.kind == "image"] == []


def test_a_character_no_font_has_is_an_error_and_a_common_character_in_its_place_clears_it(
    project,
):
    rare = SHORT.replace("共议社区发展", "共议社区发展𰻞", 1)  # biáng, outside every font's set
    folder = project("glyph", HEAD + one_page(article(LEAD_TITLE, rare)))
    assert cli.main(["check", str(folder)]) == EXIT_BAD_INPUT
    (missing,) = [f for f in check_issue(folder).findings if f.kind == "missing glyph"]
    assert missing.level == ERROR and "U+30EDE" in missing.what and missing.page == 1
    assert "replace it with a common character" in missing.fix
    rewrite(folder, one_page(article(LEAD_TITLE, rare.replace("𰻞", "面"))))
    result = check_issue(folder)
    assert [f for f in result.findings if f.kind == "missing glyph"] == []
    assert result.exit_code() == EXIT_OK


def test_an_empty_continuation_is_named_and_its_fix_leaves_the_issue_clean_of_it(project):
    """A lead marked continued that fits on its page leaves its continuation empty; the fix
    is both edits (the loader refuses either alone)."""
    fits = SHORT + "\n\n" + first_chars(MORE, 2000)  # well short of a page
    lead = article(LEAD_TITLE, fits, id="lead", continued="true")
    continuation = "      - type: continuation\n        article: lead\n"
    second = "  - section: 社区\n    blocks:\n" + article("社区简讯", MORE[:200]) + continuation
    folder = project("jump", HEAD + one_page(lead) + second)
    result = check_issue(folder)
    found = [f for f in result.findings if "continuation" in f.what]
    assert len(found) == 1, format_result(result)
    empty = found[0]
    assert empty.level == "warning" and empty.page == 2
    assert empty.where.field == block_field(2, 1) and "lead" in empty.fix
    # the fix: this continuation block out, and the article's continued: true
    rewrite(
        folder,
        one_page(article(LEAD_TITLE, fits, id="lead")) + second.replace(continuation, ""),
    )
    result = check_issue(folder)
    assert not [f for f in result.findings if "continu" in f.what], format_result(result)
    assert result.exit_code() == EXIT_OK


# ---- white inside blocks: a photo deeper than its text, unbalanced columns --------------


def white_inside(result: CheckResult) -> list[Finding]:
    return [f for f in makeup_findings(result) if f.kind == "unused space" and "inside" in f.what]


def test_white_beside_a_photo_is_found_in_its_columns_and_each_of_its_fixes_closes_it(project):
    """Two paragraphs beside a 3-column photo: the photo stands deeper than the text beside
    it, so besides the hole under the story check finds white inside it, in each column the
    text leaves short. Each of its fixes — the characters for those columns, or the photo
    cropped to the ratio it names — closes the white; the hole's own fix fills the page.
    The editor pins the story's 5 columns and gives the photo a tall crop of its own (make-up
    would otherwise set the photo smaller or the story narrower, and leave no white)."""
    pinned = {"columns": 5, "pin": "true"}
    folder = project(
        "photo",
        HEAD + one_page(article(LEAD_TITLE, SHORT, PHOTO_TALL, **pinned)),
        ("p1-zhong-speech.jpg",),
    )
    result = check_issue(folder)
    inside = white_inside(result)
    assert inside and all(f.page == 1 and LEAD_TITLE[:24] in f.what for f in inside)
    assert {f.columns for f in inside} == {(1, 1), (2, 2)}, format_result(result)
    assert all(f.lines == number(f.what, "lines") > 2 for f in inside)
    # the first fix: as many characters more as the fixes of its columns name; the text
    # then runs on under the photo, where a last line may fall short of its column, whose
    # own fix (a round more) closes it
    assert all(f"{f.chars} characters" in f.fix for f in inside)
    more, left = 0, inside
    for _round in range(2):
        more += sum(f.chars for f in left)
        longer = SHORT + "\n\n" + first_chars(MORE, more)
        rewrite(folder, one_page(article(LEAD_TITLE, longer, PHOTO_TALL, **pinned)))
        left = white_inside(check_issue(folder))
        if not left:
            break
    assert left == []
    # the other: the photo cropped to the widest ratio they name
    ratio = max(float(re.search(r"ratio: ([\d.]+)", f.fix).group(1)) for f in inside)
    assert "p1-zhong-speech.jpg" in inside[0].fix
    cropped = PHOTO + f"            ratio: {ratio}\n"
    rewrite(folder, one_page(article(LEAD_TITLE, SHORT, cropped, **pinned)))
    assert white_inside(check_issue(folder)) == []
    # the hole under the story (the page is short) closes as the hole's fix says
    steps, _ = follow_fixes(folder, SHORT, PHOTO)
    assert steps and steps[0][0] == "unused space" and len(steps) <= 2


def test_a_list_whose_last_column_ends_short_is_found_and_lengthened_level(project):
    """The sample's list under a lead story, in 5 columns: its last column ends short (its
    items do not balance), which check reports inside the list with the characters that
    fill it; an item of that length more closes the white."""
    folder = project(
        "list", HEAD + one_page(article(LEAD_TITLE, LEAD_PART), numbered_list(LIST_ITEMS))
    )
    result = check_issue(folder)
    inside = white_inside(result)
    assert inside and all("list" in f.what and f.page == 1 for f in inside), format_result(result)
    assert all(f"{f.chars} characters" in f.fix for f in inside)
    more = sum(f.chars for f in inside)
    item = re.sub(r"\s", "", first_chars(MORE[4000:], more))  # one paragraph's worth, one line
    rewrite(folder, one_page(article(LEAD_TITLE, LEAD_PART), numbered_list([*LIST_ITEMS, item])))
    assert white_inside(check_issue(folder)) == []
