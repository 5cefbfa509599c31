"""`python -m reader` runs the `byline` command."""

from reader.cli import main

raise SystemExit(main())
