"""Source stage: YAML with line numbers → model.Issue and Layout, validated, text normalised.
Every input error is found here."""
