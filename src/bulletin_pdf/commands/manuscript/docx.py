"""A Word document (.docx, as Word, WPS or LibreOffice write it) → paragraphs and pictures.

python-docx opens the package (parts, relationships, styles); the body is walked here as
XML, in document order, because a manuscript's meaning is in places python-docx's paragraph
API flattens: pictures inside runs, text boxes, tracked changes, footnote marks. Whatever
has no place in an article (a table, a text box of text, a footnote, a comment, an equation,
a deletion) is reported with the paragraph it stood after, never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_pdf.commands.manuscript import Para, Picture, Piece
from bulletin_pdf.commands.manuscript.clean import SOFT_BREAK, clean_paragraph
from bulletin_pdf.commands.manuscript.numbering import Numbering
from bulletin_pdf.commands.manuscript.pictures import picture_bytes
from bulletin_pdf.errors import InputError, Report, Where

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
}


def _q(prefix: str, name: str) -> str:
    """An XML name in Clark notation: {namespace}name."""
    return "{" + _NS[prefix] + "}" + name


_W = _q("w", "")
_R_EMBED = _q("r", "embed")
_R_LINK = _q("r", "link")
_R_ID = _q("r", "id")

_VECTOR = {
    "image/x-emf": "EMF",
    "image/emf": "EMF",
    "image/x-wmf": "WMF",
    "image/wmf": "WMF",
    "image/svg+xml": "SVG",
}
_OFF = {"0", "false", "off", "none"}


def read_docx(path: Path, report: Report) -> list[Piece]:
    from docx import Document  # imported here: only `import` needs it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as err:
        raise InputError(
            f"cannot read {path.name} as a Word document ({err})",
            Where(str(path)),
            "open it in Word or WPS and save it again as .docx (Word document)",
        ) from None
    except Exception as err:
        raise InputError(
            f"{path.name} is damaged or not a Word document ({type(err).__name__}: {err})",
            Where(str(path)),
            "open it in Word or WPS and save it again as .docx",
        ) from None
    return _Reader(path, document, report).read()


@dataclass
class _Run:
    text: str
    bold: bool
    size: float | None


@dataclass
class _Gathered:
    """What one paragraph's runs hold, in order: text runs and pictures between them."""

    pieces: list = field(default_factory=list)  # _Run | Picture | Para (from a text box)
    inserted: bool = False
    deleted: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, path: Path, document, report: Report):
        self.file = str(path)
        self.document = document
        self.part = document.part
        self.report = report
        self.styles = {s.style_id: s for s in document.styles}
        self.numbering = Numbering(_numbering_element(self.part))
        self.notes = {
            kind: _note_texts(self.part, kind) for kind in ("footnotes", "endnotes", "comments")
        }
        self.paragraph_no = 0  # body paragraphs seen, 1-based as Word counts them
        self.last_text = ""  # the last paragraph with text: where things stood
        self.pending: list[tuple[str, str]] | None = None  # unmapped, inside a paragraph
        self.out: list[Piece] = []

    # -- where --

    def where(self) -> Where:
        return Where(self.file, 0, f"paragraph {self.paragraph_no}")

    def after(self) -> str:
        if not self.last_text:
            return "at the start of the document"
        return f"after the paragraph '{_excerpt(self.last_text)}'"

    def unmapped(self, what: str, fix: str) -> None:
        """Report what could not be mapped; inside a paragraph, once the paragraph's own
        text is known, so the message can name it."""
        if self.pending is not None:
            self.pending.append((what, fix))
            return
        self.report.warn(
            f"{what} {self.after()} was not imported",
            Where(self.file, 0, f"after paragraph {self.paragraph_no}"),
            fix,
            kind="not imported",
        )

    def report_pending(self, own_text: str) -> None:
        pending, self.pending = self.pending or [], None
        for what, fix in pending:
            place = f"in the paragraph '{_excerpt(own_text)}'" if own_text else self.after()
            self.report.warn(
                f"{what} {place} was not imported", self.where(), fix, kind="not imported"
            )

    # -- the body --

    def read(self) -> list[Piece]:
        self.blocks(self.document.element.body)
        self.furniture()
        return self.out

    def blocks(self, parent) -> None:
        for child in parent:
            tag = child.tag
            if tag == _W + "p":
                self.paragraph(child)
            elif tag == _W + "tbl":
                self.table(child)
            elif tag == _W + "sdt":
                content = child.find("w:sdtContent", _NS)
                if content is not None:
                    self.blocks(content)
            elif tag in (_W + "ins", _W + "moveTo", _W + "customXml"):
                self.blocks(child)

    def table(self, tbl) -> None:
        rows = tbl.findall("w:tr", _NS)
        columns = max((len(r.findall("w:tc", _NS)) for r in rows), default=0)
        cells = [_plain_text(tc) for tc in tbl.iter(_W + "tc")]
        first = next((c for c in cells if c.strip()), "")
        pictures = len(tbl.findall(".//pic:pic", _NS)) + len(tbl.findall(".//v:imagedata", _NS))
        held = f"; it holds {pictures} picture{'s' if pictures > 1 else ''}" if pictures else ""
        self.unmapped(
            f"a table ({len(rows)} rows × {columns} columns, beginning '{_excerpt(first)}'{held})",
            "set its content as text in the article, or make it a picture "
            "(a screenshot saved as PNG) and add it under photos",
        )

    def paragraph(self, p, in_box: bool = False) -> None:
        if not in_box:
            self.paragraph_no += 1
        style = self.style_of(p)
        gathered = _Gathered()
        outer, self.pending = self.pending, []
        self.runs(p, gathered, style, in_box)
        own_text = clean_paragraph("".join(x.text for x in gathered.pieces if isinstance(x, _Run)))
        label = self.numbering.label(p, [s.element for s in _chain(style)])
        heading, role = self.heading_of(p, style)
        text_runs: list[_Run] = []

        def flush() -> None:
            nonlocal label
            raw = "".join(r.text for r in text_runs)
            text = clean_paragraph(raw)
            if text:
                if label:
                    text = clean_paragraph(label + text)
                    label = ""
                visible = [r for r in text_runs if r.text.strip()]
                bold = bool(visible) and all(r.bold for r in visible)
                sizes = [r.size for r in visible if r.size]
                self.out.append(
                    Para(text, self.where(), heading, role, bold, max(sizes) if sizes else None)
                )
                self.last_text = text
            text_runs.clear()

        for piece in gathered.pieces:
            if isinstance(piece, (Picture, Para)):
                flush()
                self.out.append(piece)
                if isinstance(piece, Para):
                    self.last_text = piece.text
            else:
                text_runs.append(piece)
        flush()
        self.report_pending(own_text)
        self.pending = outer
        if gathered.deleted:
            deleted = "', '".join(_excerpt(d, 20) for d in gathered.deleted)
            self.report.warn(
                f"tracked changes in the paragraph '{_excerpt(own_text)}' were "
                f"taken as accepted: the deleted text '{deleted}' was not imported",
                self.where(),
                "check the paragraph against the writer's final wording",
                kind="not imported",
            )
        elif gathered.inserted:
            self.report.warn(
                f"tracked changes in the paragraph '{_excerpt(own_text)}' were taken as accepted",
                self.where(),
                "check the paragraph against the writer's final wording",
                kind="not imported",
            )

    def runs(self, parent, gathered: _Gathered, style, in_box: bool) -> None:
        after_deletion = False  # a deletion LibreOffice splits into runs is one
        for child in parent:
            tag = child.tag
            if tag in (_W + "del", _W + "moveFrom"):
                text = "".join(t.text or "" for t in child.iter(_W + "delText", _W + "t"))
                if text.strip() and after_deletion:
                    gathered.deleted[-1] += text
                elif text.strip():
                    gathered.deleted.append(text)
                after_deletion = after_deletion or bool(text.strip())
                continue
            after_deletion = False
            if tag == _W + "r":
                self.run(child, gathered, style, in_box)
            elif tag in (
                _W + "hyperlink",
                _W + "smartTag",
                _W + "fldSimple",
                _W + "customXml",
                _W + "dir",
                _W + "bdo",
            ):
                self.runs(child, gathered, style, in_box)
            elif tag == _W + "sdt":
                content = child.find("w:sdtContent", _NS)
                if content is not None:
                    self.runs(content, gathered, style, in_box)
            elif tag in (_W + "ins", _W + "moveTo"):
                gathered.inserted = True
                self.runs(child, gathered, style, in_box)
            elif tag == _W + "commentRangeStart":
                self.comment(child.get(_W + "id"))
            elif tag in (_q("m", "oMath"), _q("m", "oMathPara")):
                self.unmapped("an equation", "type it as text, or add it as a picture")

    def run(self, r, gathered: _Gathered, style, in_box: bool) -> None:
        rpr = r.find("w:rPr", _NS)
        if rpr is not None and _on(rpr.find("w:vanish", _NS)):
            hidden = _plain_text(r)
            if hidden.strip():
                self.unmapped(
                    f"hidden text '{_excerpt(hidden)}'",
                    "show it in Word and import again if it belongs to the article",
                )
            return
        bold = self.bold_of(rpr, style)
        size = self.size_of(rpr, style)
        text: list[str] = []

        def emit() -> None:
            if text:
                gathered.pieces.append(_Run("".join(text), bold, size))
                text.clear()

        for child in r:
            tag = child.tag
            if tag == _W + "t":
                text.append(child.text or "")
            elif tag in (_W + "tab", _W + "ptab"):
                text.append("\t")
            elif tag == _W + "br":
                if child.get(_W + "type") in (None, "textWrapping"):
                    text.append(SOFT_BREAK)
            elif tag == _W + "cr":
                text.append(SOFT_BREAK)
            elif tag == _W + "noBreakHyphen":
                text.append("-")
            elif tag == _W + "sym":
                code = child.get(_W + "char") or ""
                try:
                    text.append(chr(int(code, 16)))
                except ValueError:
                    pass
            elif tag in (_W + "drawing", _W + "pict", _q("mc", "AlternateContent")):
                emit()
                self.graphic(child, gathered)
            elif tag == _W + "object":
                emit()
                self.unmapped(
                    "an embedded object (OLE)",
                    "save it as a picture and add it under photos, or type its content as text",
                )
            elif tag in (_W + "footnoteReference", _W + "endnoteReference"):
                kind = "footnotes" if tag == _W + "footnoteReference" else "endnotes"
                note = self.notes[kind].get(child.get(_W + "id") or "", "")
                emit()
                self.unmapped(
                    f"a {kind[:-1]} '{_excerpt(note)}'",
                    "work the note into the text, or leave it out on purpose",
                )
            elif tag == _W + "commentReference":
                self.comment(child.get(_W + "id"))
        emit()

    def comment(self, comment_id: str | None) -> None:
        key = f"comment:{comment_id}"
        if key in self.notes:  # a comment has a range start and a reference: report it once
            return
        self.notes[key] = {}
        text = self.notes["comments"].get(comment_id or "", "")
        self.unmapped(
            f"a comment (批注) '{_excerpt(text)}'",
            "settle what the comment asks before the issue goes to print",
        )

    # -- pictures and text boxes --

    def graphic(self, element, gathered: _Gathered) -> None:
        if element.tag == _q("mc", "AlternateContent"):
            choice = element.find("mc:Choice", _NS)  # the Fallback is the same thing again
            element = choice if choice is not None else element.find("mc:Fallback", _NS)
            if element is None:
                return
        boxes = element.findall(".//w:txbxContent", _NS)
        if boxes:
            self.text_boxes(boxes, gathered)
            return
        for blip in element.iter(_q("a", "blip"), _q("v", "imagedata")):
            self.picture(blip, element, gathered)
        if (
            element.find(".//{http://schemas.openxmlformats.org/drawingml/2006/chart}chart")
            is not None
        ):
            self.unmapped("a chart", "save the chart as a picture (PNG) and add it under photos")

    def picture(self, blip, graphic, gathered: _Gathered) -> None:
        rid = blip.get(_R_EMBED) or blip.get(_R_ID)
        alt = ""
        for props in graphic.iter(_q("wp", "docPr")):
            alt = (props.get("descr") or props.get("title") or "").strip()
        for shape in graphic.iter(_q("v", "shape")):
            alt = alt or (shape.get("alt") or "").strip()
        if rid is None or rid not in self.part.related_parts:
            self.unmapped(
                "a linked picture (not embedded in the document)",
                "insert the picture itself into the document, or copy the photo into "
                "the issue's images/ folder and add it under photos",
            )
            return
        part = self.part.related_parts[rid]
        content_type = part.content_type
        if content_type in _VECTOR:
            self.unmapped(
                f"a picture in {_VECTOR[content_type]} format",
                "save it as JPEG or PNG and add it under photos",
            )
            return
        found = picture_bytes(part.blob)
        if found is None:
            self.unmapped(
                f"a picture of type {content_type}",
                "save it as JPEG or PNG and add it under photos",
            )
            return
        gathered.pieces.append(Picture(found[0], found[1], alt, self.where()))

    def text_boxes(self, boxes, gathered: _Gathered) -> None:
        """A text box holding a picture is a captioned frame (LibreOffice writes a caption
        that way): its picture and text are imported. A box of text alone is reported."""
        holds_picture = any(
            box.find(".//a:blip", _NS) is not None or box.find(".//v:imagedata", _NS) is not None
            for box in boxes
        )
        if not holds_picture:
            text = " ".join(_plain_text(box) for box in boxes).strip()
            if text:
                self.unmapped(
                    f"a text box '{_excerpt(text)}'",
                    "move its text into the article's body, or into a briefs block",
                )
            return
        saved, self.out = self.out, []
        for box in boxes:
            for p in box.iter(_W + "p"):
                self.paragraph(p, in_box=True)
        inner, self.out = self.out, saved
        gathered.pieces.extend(inner)  # finished Paras and Pictures, in the box's order

    def furniture(self) -> None:
        seen: set[str] = set()
        for section in self.document.sections:
            for name, part in (("header", section.header), ("footer", section.footer)):
                if part.is_linked_to_previous:
                    continue
                text = " ".join(p.text for p in part.paragraphs).strip()
                if text and text not in seen:
                    seen.add(text)
                    self.report.warn(
                        f"the page {name} '{_excerpt(text)}' was not imported",
                        Where(self.file, 0, f"page {name}"),
                        "the newsletter sets its "
                        "own running heads; move anything the article needs into its "
                        "text",
                        kind="not imported",
                    )

    # -- styles --

    def style_of(self, p):
        ppr = p.find("w:pPr", _NS)
        sid = None
        if ppr is not None:
            ps = ppr.find("w:pStyle", _NS)
            sid = ps.get(_W + "val") if ps is not None else None
        return self.styles.get(sid) if sid else self.document.styles.default(_paragraph_type())

    def heading_of(self, p, style) -> tuple[int | None, str | None]:
        """Word's Title → 0, Heading N → N, an outline level → its level; Subtitle and
        Caption styles give a role instead."""
        for s in _chain(style):
            name = (s.name or "").strip().lower()
            if name in ("title", "标题"):
                return 0, None
            if name in ("subtitle", "副标题"):
                return None, "subtitle"
            if name in ("caption", "题注", "figure", "illustration", "drawing", "图"):
                return None, "caption"
            m = re.fullmatch(r"(?:heading|标题)\s*(\d)", name)
            if m:
                return int(m.group(1)), None
        for element in [p, *(s.element for s in _chain(style))]:
            level = element.find("w:pPr/w:outlineLvl", _NS)
            if level is not None:
                value = int(level.get(_W + "val", "9"))
                return (value + 1 if value < 9 else None), None
        return None, None

    def bold_of(self, rpr, style) -> bool:
        if rpr is not None:
            b = rpr.find("w:b", _NS)
            if b is not None:
                return _on(b)
            rs = rpr.find("w:rStyle", _NS)
            if rs is not None:
                for s in _chain(self.styles.get(rs.get(_W + "val"))):
                    if s.font.bold is not None:
                        return bool(s.font.bold)
        for s in _chain(style):
            if s.font.bold is not None:
                return bool(s.font.bold)
        return False

    def size_of(self, rpr, style) -> float | None:
        if rpr is not None:
            sz = rpr.find("w:sz", _NS)
            if sz is not None and (sz.get(_W + "val") or "").isdigit():
                return int(sz.get(_W + "val")) / 2
        for s in _chain(style):
            if s.font.size is not None:
                return s.font.size.pt
        return None


def _paragraph_type():
    from docx.enum.style import WD_STYLE_TYPE

    return WD_STYLE_TYPE.PARAGRAPH


def _chain(style):
    """A style and the styles it is based on, nearest first."""
    seen = 0
    while style is not None and seen < 20:
        yield style
        style = style.base_style
        seen += 1


def _on(element) -> bool:
    return element is not None and (element.get(_W + "val") or "true").lower() not in _OFF


def _plain_text(element) -> str:
    return "".join(t.text or "" for t in element.iter(_W + "t"))


def _excerpt(text: str, length: int = 16) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length] + "…"


def _numbering_element(part):
    try:
        return part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None


def _note_texts(part, kind: str) -> dict[str, str]:
    """Footnote, endnote or comment id → its text, read from the part Word keeps them in."""
    from lxml import etree

    for rel in part.rels.values():
        if rel.reltype.endswith("/" + kind) and not rel.is_external:
            try:
                root = etree.fromstring(rel.target_part.blob)
            except etree.XMLSyntaxError:
                return {}
            tag = {"footnotes": "footnote", "endnotes": "endnote", "comments": "comment"}[kind]
            return {n.get(_W + "id"): _plain_text(n).strip() for n in root.iter(_W + tag)}
    return {}
