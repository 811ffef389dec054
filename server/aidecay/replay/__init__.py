"""``aidecay replay``: AI against human decay, reconstructed from a repository's git history.

Pure pieces (``diff``, ``attribution``, ``notes``, ``walk``, ``survival``, ``results``) take text
and return plain data; ``git`` runs the git binary; ``storage`` writes the database; ``runner``
puts them together.
"""
