"""The pieces of a manuscript → the parts of an article, by the rules a Chinese newsroom
writes by:

* the headline group is the run of headline-like lines before the text (a Word Title or
  Heading style, a short bold line, in plain text a short line): the Title (or the
  highest heading, or the largest type) is the 主标题, the lines above it the 引题 (kicker),
  the lines below it the 副题 (subtitle); with no style to tell, one line is the title, two
  are title and subtitle, three are kicker, title and subtitle;
* a byline is a line of the usual forms — 记者 张三, 本报通讯员 李四, 张三 文, 李四 摄,
  文/图 王五, 文：张三 图：李四, （通讯员 李四） — before the text or at its end;
* a heading inside the text, or a short bold line there, is a subhead (小标题);
* a picture takes as caption the paragraph under it when that reads as one (图为…, a Word
  Caption style) or else its alt text; a "李四 摄" under it, or at the caption's end, is
  the photo's credit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bulletin_pdf.commands.manuscript import Para, Picture, Piece
from bulletin_pdf.model.issue import PLACEHOLDER
from bulletin_pdf.model.kinds.article import SUBHEAD_MARK  # how the body writes a subhead

_NAME = r"[\u4e00-\u9fff·]{2,5}"
_NAMES = rf"{_NAME}(?:[ 、，,\u3000]+{_NAME}){{0,4}}"
_UNIT = r"[\u4e00-\u9fff·（）()]{2,20}"
_ROLE = r"(?:本报|本刊|特约|见习|实习)*(?:记者|通讯员|实习生|摄影记者|摄影)"
_PREFIX = r"(?:文/图|图/文|文图|图文|文|图|撰文|撰稿|摄影|作者|执笔)"
_SUFFIX = r"(?:文/图|图/文|文图|图文|文|摄|撰文|撰稿|报道)"
_PART = (
    rf"(?:{_ROLE}[ \u3000]*{_NAMES}"
    rf"|{_PREFIX}[ \u3000]*[:：/][ \u3000]*{_NAMES}"
    rf"|{_PREFIX}[ \u3000]+{_NAMES}"
    rf"|{_NAMES}[ \u3000]*{_SUFFIX}"
    rf"|(?:供稿|来源|整理)[ \u3000]*[:：][ \u3000]*{_UNIT}"
    rf"|{_UNIT}[ \u3000]*(?:供稿|整理))"
)
_BYLINE = re.compile(rf"[(（]?\s*{_PART}(?:[ \u3000、，,]+{_PART})*\s*[)）]?")
_CREDIT = re.compile(
    rf"[(（]?\s*(?:{_NAMES}[ \u3000]*摄|(?:摄影|图)[ \u3000]*[:：][ \u3000]*{_NAMES})\s*[)）]?"
)
_CREDIT_AT_END = re.compile(
    rf"^(.*\S)[ \u3000]*[(（]((?:{_NAMES})[ \u3000]*摄)[)）]$"
    rf"|^(.*[^\s(（])[ \u3000]+({_NAME}[ \u3000]*摄)$"
)
_CAPTION = re.compile(r"^(?:图为|[上下左右中]图[:：为]?|图\s*\d*\s*[:：]|图片[:：]|[(（]图)")
_SENTENCE_END = "。！？；…!?;"
SHORT = 30  # a headline or subhead line has at most this many characters


@dataclass
class ImportedPhoto:
    picture: Picture
    caption: str | None = None
    credit: str | None = None


@dataclass
class ImportedArticle:
    title: str
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    body: list[str] = field(default_factory=list)  # subheads start with SUBHEAD_MARK
    photos: list[ImportedPhoto] = field(default_factory=list)


def is_byline(text: str) -> bool:
    return len(text) <= 40 and _BYLINE.fullmatch(text.strip()) is not None


def _is_short(para: Para) -> bool:
    return len(para.text) <= SHORT and para.text[-1] not in _SENTENCE_END


def shape_article(pieces: list[Piece], styled: bool) -> ImportedArticle:
    """`styled`: the format can mark headings and bold (Word, Markdown), so a plain short
    line is body text there; in a .txt file it is all there is to go by."""
    pieces = list(pieces)
    bylines: list[str] = []
    group: list[Para] = []
    i = 0
    while i < len(pieces) and len(group) < 4:
        piece = pieces[i]
        if not isinstance(piece, Para):
            break
        if is_byline(piece.text):
            bylines.append(piece.text)
        elif _headline_like(piece, styled, pieces[i + 1 :], bool(group)) and not (
            bylines and group
        ):
            group.append(piece)
        else:
            break
        i += 1
    first = pieces[i] if i < len(pieces) else None
    if not group and isinstance(first, Para) and _is_short(first):
        group.append(first)  # no style marks the title: the first short line is it
        i += 1
    kicker, title, subtitle = _headline_parts(group)
    body_pieces = pieces[i:]
    # bylines at the end, after the last paragraph of text
    at_end: list[str] = []
    while body_pieces and isinstance(last := body_pieces[-1], Para) and is_byline(last.text):
        at_end.insert(0, last.text)
        body_pieces.pop()
    bylines += at_end
    article = ImportedArticle(
        title=title or PLACEHOLDER,
        kicker=kicker,
        subtitle=subtitle,
        byline=" ".join(_unbracket(b) for b in bylines) or None,
    )
    _body_and_photos(body_pieces, styled, article)
    return article


def _headline_like(para: Para, styled: bool, following: list[Piece], after_title: bool) -> bool:
    if (para.heading is not None and para.heading <= 1) or para.role == "subtitle":
        return True
    if not _is_short(para):
        return False
    if para.bold or not styled or (after_title and para.text.startswith("——")):
        return True
    # a plain line typed above a styled title is its kicker
    nxt = next((p for p in following if isinstance(p, Para)), None)
    return nxt is not None and nxt.heading is not None and nxt.heading <= 1


def _headline_parts(group: list[Para]) -> tuple[str | None, str | None, str | None]:
    if not group:
        return None, None, None
    candidates = [p for p in group if p.role != "subtitle"] or group
    levels = [p.heading for p in candidates if p.heading is not None]
    sizes = [p.size for p in candidates if p.size]
    if levels:
        title = next(p for p in candidates if p.heading == min(levels))
    elif sizes and len(set(sizes)) > 1:
        title = next(p for p in candidates if p.size == max(sizes))
    elif len(group) == 1 or any(p.role == "subtitle" for p in group):
        title = candidates[0]
    elif len(group) == 2:
        # a 副题 opens with a dash; else the shorter line above the title is its 引题
        second_is_subtitle = group[1].text.startswith("—") or len(group[0].text) >= len(
            group[1].text
        )
        title = group[0] if second_is_subtitle else group[1]
    else:
        title = group[1]
    at = group.index(title)
    before = " ".join(p.text for p in group[:at]) or None
    after = " ".join(p.text for p in group[at + 1 :]) or None
    return before, title.text, after


def _unbracket(text: str) -> str:
    text = text.strip()
    if text[:1] in "(（" and text[-1:] in ")）":
        text = text[1:-1].strip()
    return " ".join(text.split())


def _body_and_photos(pieces: list[Piece], styled: bool, article: ImportedArticle) -> None:
    used: set[int] = set()
    for i, piece in enumerate(pieces):
        if isinstance(piece, Picture):
            article.photos.append(_photo(piece, pieces, i, used))
    for i, piece in enumerate(pieces):
        if i in used or not isinstance(piece, Para):
            continue
        if _is_subhead(piece, styled):
            article.body.append(SUBHEAD_MARK + piece.text)
        else:
            article.body.append(piece.text)


def _photo(picture: Picture, pieces: list[Piece], i: int, used: set[int]) -> ImportedPhoto:
    photo = ImportedPhoto(picture)
    nxt = pieces[i + 1] if i + 1 < len(pieces) else None
    before = pieces[i - 1] if i > 0 else None
    if isinstance(nxt, Para) and (nxt.role == "caption" or _CAPTION.match(nxt.text)):
        photo.caption = nxt.text
        used.add(i + 1)
        after = pieces[i + 2] if i + 2 < len(pieces) else None
        if isinstance(after, Para) and _CREDIT.fullmatch(after.text):
            photo.credit = _unbracket(after.text)
            used.add(i + 2)
    elif isinstance(before, Para) and before.role == "caption" and i - 1 not in used:
        photo.caption = before.text
        used.add(i - 1)
    elif isinstance(nxt, Para) and _CREDIT.fullmatch(nxt.text):
        photo.credit = _unbracket(nxt.text)
        used.add(i + 1)
    if photo.caption is None and picture.alt:
        photo.caption = picture.alt
    if photo.caption and photo.credit is None:
        m = _CREDIT_AT_END.match(photo.caption)
        if m:
            caption, credit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            photo.caption, photo.credit = caption.strip(), " ".join(credit.split())
    return photo


def _is_subhead(para: Para, styled: bool) -> bool:
    if para.heading is not None:
        return True
    if not _is_short(para):
        return False
    if styled:
        return para.bold
    # plain text: only a line numbered the way subheads are (一、… （一）… 第一，…)
    return (
        re.match(
            r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十]{1,3}[)）]|"
            r"第[一二三四五六七八九十]{1,3}[，,、:：]?)",
            para.text,
        )
        is not None
    )
