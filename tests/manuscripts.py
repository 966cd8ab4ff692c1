"""A real-looking Word manuscript, made with python-docx the way a residents' committee
writes one: a kicker typed above a Title-styled headline, a Subtitle, a byline, text pasted
with tab and full-width-space indents and a soft line break, a bold short subhead and a
Heading-styled one, two photos (one captioned by the paragraph under it, one by its alt
text), a table, a text box, a comment and a tracked deletion.

scripts/make_manuscript_fixtures.py saves it through LibreOffice for the fixtures in
tests/fixtures/manuscripts/; the tests import both and expect the same article.
"""

from __future__ import annotations

import io
from pathlib import Path

KICKER = "立足新起点 扬帆新征程"
TITLE = "天平街道召开第五届社区代表会议第二次会议"
SUBTITLE = "——近140名社区代表共议社区发展"
BYLINE = "记者 张三 通讯员 李四"
PARAGRAPHS = [
    (
        "1月10日,天平街道第五届社区代表会议第二次会议顺利召开。来自居民区、区域单位、基层站所及"
        "街道机关近140名社区代表齐聚一堂,共议社区发展。"
    ),
    "区委副书记钟晓咏出席会议。会议由街道党工委副书记李琼主持。",
    "钟晓咏强调,2020年是“十三五”规划的收官之年,要着重树立危机意识和忧患意识。",
    "会后,社区安全专委会、社区管理专委会召开2020年第一次会议,就年度重点工作进行了讨论。",
]
SUBHEADS = ["一、守住社区平稳运行底线", "二、提升社区风貌品质"]
CAPTION = "图为会议现场"
CREDIT = "魏克 摄"
ALT_CAPTION = "街道党工委书记高路讲话"
TABLE_FIRST_CELL = "专委会"
TEXT_BOX = "相关链接:社区代表会议是居民参与社区治理的平台"
COMMENT = "请核实人数"
DELETED = "约150名"


def photo_bytes(color: str, size: tuple[int, int] = (640, 427)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", quality=85)
    return out.getvalue()


def make_word_manuscript(path: Path) -> Path:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.shared import Inches

    d = Document()
    d.add_paragraph(KICKER)
    d.add_paragraph(TITLE, style="Title")
    d.add_paragraph(SUBTITLE, style="Subtitle")
    d.add_paragraph(BYLINE)
    d.add_paragraph("")
    first = d.add_paragraph("\u3000\u3000" + PARAGRAPHS[0][:40])
    first.add_run(PARAGRAPHS[0][40:])
    second = d.add_paragraph("\t" + PARAGRAPHS[1][:14])
    second.add_run().add_break()  # Shift+Enter: a soft line break
    second.add_run(PARAGRAPHS[1][14:])
    d.add_comment(second.runs[-1], text=COMMENT, author="编辑")
    d.add_paragraph("")
    d.add_picture(io.BytesIO(photo_bytes("#b03030")), width=Inches(4))
    d.add_paragraph(f"{CAPTION} {CREDIT}")
    d.add_paragraph().add_run(SUBHEADS[0]).bold = True
    third = d.add_paragraph(PARAGRAPHS[2])
    third._p.append(
        parse_xml(
            '<w:del xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            f'w:id="90" w:author="编辑" w:date="2020-01-11T09:00:00Z"><w:r><w:delText>{DELETED}'
            "</w:delText></w:r></w:del>"
        )
    )
    d.add_picture(io.BytesIO(photo_bytes("#3050a0", (600, 450))), width=Inches(3))
    d.inline_shapes[-1]._inline.docPr.set("descr", ALT_CAPTION)
    table = d.add_table(rows=3, cols=2)
    table.cell(0, 0).text = TABLE_FIRST_CELL
    table.cell(0, 1).text = "议题"
    d.add_paragraph(SUBHEADS[1], style="Heading 2")
    box = d.add_paragraph(PARAGRAPHS[3])
    box._p.append(parse_xml(_TEXT_BOX.format(text=TEXT_BOX)))
    d.save(str(path))
    return path


_TEXT_BOX = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
  xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
  xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
 <mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
  <wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="2"
    behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
   <wp:simplePos x="0" y="0"/>
   <wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
   <wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
   <wp:extent cx="2286000" cy="571500"/><wp:effectExtent l="0" t="0" r="0" b="0"/>
   <wp:wrapSquare wrapText="bothSides"/><wp:docPr id="50" name="Text Box 50"/>
   <wp:cNvGraphicFramePr/>
   <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
    <wps:wsp><wps:cNvSpPr txBox="1"/>
     <wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2286000" cy="571500"/></a:xfrm>
      <a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
     <wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx>
     <wps:bodyPr/></wps:wsp>
   </a:graphicData></a:graphic>
  </wp:anchor></w:drawing></mc:Choice></mc:AlternateContent></w:r>"""
