"""The frozen program's entry point: the glossary-app command (no command at all opens the window)."""

from glossary_app.cli import main

raise SystemExit(main())
