"""Make-up stage: the page grid, the block kinds, placement on the page, page furniture,
overset and unused space → a display list per page."""
