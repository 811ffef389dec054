# No ``from __future__`` and no imports before the path is hardened: with ``python -m`` the
# working directory (possibly a hostile workspace) is first on sys.path until then.
from aidecay.safety import harden_sys_path

harden_sys_path()

from aidecay.cli.main import main  # noqa: E402

raise SystemExit(main())
