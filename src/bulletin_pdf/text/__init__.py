"""Text stage: font files and coverage, the clreq character classes, the line composer."""
