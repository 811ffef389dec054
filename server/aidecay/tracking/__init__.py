"""Following AI regions through edits: open documents, changes, marks, re-anchoring, and the
history each touch writes to the store. Positions come in as ``core.text.Position``; nothing
here knows the LSP.
"""
