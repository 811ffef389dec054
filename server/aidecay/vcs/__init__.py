"""Git: the one runner (``git``), the history walk replay streams (``log``), git-ai notes
(``gitai``) and line maps between versions of a file (``linemap``)."""
