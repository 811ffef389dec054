"""Pure analysis core: code units, complexity metrics and duplicate-helper detection.

Nothing in this package imports pygls/lsprotocol or executes analysed code.
"""
