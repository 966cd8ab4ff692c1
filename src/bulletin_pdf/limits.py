"""Every size limit of the tool in one place, so a message can say which one was hit.
Each is checked before the work it bounds, and its message names it (limits.NAME)."""

MAX_YAML_BYTES = 2 * 1024 * 1024  # one issue file
MAX_LAYOUT_BYTES = 256 * 1024  # one layout file
MAX_TEXT_CHARS_PER_BLOCK = 200_000  # one article's body, after joining paragraphs
MAX_FIELD_CHARS = 4_000  # one single-line field: a title, a name, a brief
MAX_PAGES = 64  # pages in one issue
MAX_IMAGE_PIXELS = 80_000_000  # width × height of one photo (≈ 10 000 × 8 000)
MAX_IMAGE_BYTES = 60 * 1024 * 1024  # one photo file
MAX_YAML_NODES = 200_000  # guards against alias ("billion laughs") bombs
MAX_YAML_DEPTH = 64  # nesting of lists and blocks (an issue needs ~6)
MAX_NUMBER_CHARS = 32  # digits of one number or length as written
MAX_FONT_BYTES = 256 * 1024 * 1024  # one font file (a full CJK collection is ~120 MB)
MAX_ICC_BYTES = 16 * 1024 * 1024  # one ICC output profile
MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # a batch's dist/manifest.json (≈ 100 000 issues)
MAX_PREVIEW_RECORD_BYTES = 1024 * 1024  # a preview folder's record of the files it wrote

# preflight reads any PDF, hostile ones too
MAX_PREFLIGHT_BYTES = 512 * 1024 * 1024  # the PDF file
MAX_PREFLIGHT_PAGES = 1000  # pages checked in one file
MAX_PREFLIGHT_SECONDS = 120  # reading every page's content, all pages together
MAX_PREFLIGHT_OPERATORS = 5_000_000  # content-stream operators, all pages together
MAX_PREFLIGHT_STREAM_BYTES = 256 * 1024 * 1024  # one decoded content stream
MAX_GS_SECONDS = 180  # Ghostscript's ink render, then it is killed
MAX_GS_FILE_BYTES = 1024 * 1024 * 1024  # any one file Ghostscript writes (its temporary files)
MAX_GS_MEMORY_BYTES = 3 * 1024 * 1024 * 1024  # Ghostscript's address space
