from salonkeep.cli import main

raise SystemExit(main())
