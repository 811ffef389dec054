"""One module per decay diagnostic code.

``complexity_growth``, ``maintainability_drop`` and ``churn`` judge a region's metrics and
edit history (their shared types are in ``model``); ``duplicate-helper`` is judged against the
workspace index. The convention codes learn from the human code of the file:
``naming-divergence`` in ``conventions/naming.py``, ``docstring-divergence`` in
``conventions/docstrings.py``, ``type-hint-divergence`` in ``conventions/typehints.py`` and
``error-handling-divergence`` in ``conventions/errors.py``.
"""
