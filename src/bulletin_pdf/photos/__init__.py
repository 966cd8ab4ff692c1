"""Photo stage: decoding, damage and resolution checks, orientation, colour separation."""
