"""Render stage: display list → PDF bytes (the only user of reportlab.pdfgen), marks, PDF/X."""
