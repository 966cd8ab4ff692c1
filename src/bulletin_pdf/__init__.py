"""bulletin-pdf: typesets Chinese community newsletters into print-ready tabloid PDFs."""

__version__ = "0.1.0"
