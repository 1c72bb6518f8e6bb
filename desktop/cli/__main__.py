"""`python -m desktop.cli` is the same as `hattama`."""

from desktop.cli import main

raise SystemExit(main())
