"""Pages of the proposals app: the deputy's, the handling unit's and the reviewer's portal
pages, and the public reply search. Views parse input, call one service or selector, turn an
``ApplicationError`` into a message or form errors, and render; the walls are the selectors'."""
