from aidecay.cli.main import main

raise SystemExit(main())
