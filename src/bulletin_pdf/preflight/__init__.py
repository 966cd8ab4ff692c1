"""Preflight: judges any PDF for print. Shares nothing with render but the rules of print."""
