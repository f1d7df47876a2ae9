"""Run the app with `python -m glossary_app`."""

from .cli import main

raise SystemExit(main())
