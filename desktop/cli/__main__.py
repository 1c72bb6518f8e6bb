"""`python -m hattama.cli` is the same as `hattama`."""

from hattama.cli import main

raise SystemExit(main())
