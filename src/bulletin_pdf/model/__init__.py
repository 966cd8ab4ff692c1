"""The bottom of the pipeline: plain data. The issue's content (issue.py), the layout
(layout.py) and the display list a page is made of (display.py). Imports nothing above it."""
