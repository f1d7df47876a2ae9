"""Study mode: decks, spaced repetition, quizzes, Anki export and the printable handbook.

A package of its own, apart from the extraction modules in core/: what a build stores does not depend on it,
so it stays out of the code fingerprint that tells whether the bundled term base is current."""
