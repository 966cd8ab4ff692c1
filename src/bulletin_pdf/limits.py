"""Every size limit of the tool in one place, so a message can say which one was hit."""

MAX_YAML_BYTES = 2 * 1024 * 1024  # one issue file
MAX_TEXT_CHARS_PER_BLOCK = 200_000  # one article's body, after joining paragraphs
MAX_PAGES = 64  # pages in one issue
MAX_IMAGE_PIXELS = 80_000_000  # width × height of one photo (≈ 10 000 × 8 000)
MAX_IMAGE_BYTES = 60 * 1024 * 1024  # one photo file
MAX_YAML_NODES = 200_000  # guards against alias ("billion laughs") bombs
