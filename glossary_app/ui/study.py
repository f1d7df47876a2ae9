"""学习 → 学习模式: choose a deck, then flashcards, a quiz and progress; export it for Anki or print it as a handbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget,
                               QVBoxLayout, QWidget)

from ..core.learn.decks import KINDS, Deck, DeckSpec, Entry, build_deck, imported_files
from ..core.export import citation_of
from ..core.learn.quiz import Candidate, candidates
from ..core.learn.schedule import Session, Study
from ..core.userdata import UserData
from .study_cards import FlashcardPage
from .study_progress import ProgressPage
from .study_quiz import QuizPage
from .tasks import Databases, TaskContext, TaskRunner

Choices = dict[str, list[tuple[str, Any]]]  # deck kind → (label, value) for the second box


class StudyDialog(QDialog):
    """A deck of the term base studied three ways; progress is kept in the user database."""

    def __init__(self, runner: TaskRunner, databases: Databases, userdata: UserData, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("学习模式")
        self.runner, self.databases, self.userdata = runner, databases, userdata
        self.study = Study(userdata.db)
        self.deck: Deck | None = None
        self.pool: list[Candidate] = []
        self.choices: Choices = {}

        self.kind = QComboBox(self)
        for key, label in KINDS.items():
            self.kind.addItem(label, key)
        self.kind.setToolTip("按地区、文档、收藏或新导入的报告选出要学的术语")
        self.target = QComboBox(self)
        self.target.setMinimumWidth(320)
        self.size_label = QLabel(self)
        self.size_label.setObjectName("muted")
        self.export_anki = QPushButton("导出 Anki 卡组…", self)
        self.export_anki.setToolTip("把当前卡组存为 .apkg，可导入 Anki 电脑版或手机版")
        self.export_anki.clicked.connect(self._choose_anki_file)
        self.export_handbook = QPushButton("生成入职手册…", self)
        self.export_handbook.setToolTip("把当前卡组排成 A4 的 Word 文档：术语、释义、出处，可直接打印")
        self.export_handbook.clicked.connect(self._choose_handbook_file)
        for button in (self.export_anki, self.export_handbook):
            button.setAutoDefault(False)
            button.setEnabled(False)
        self.outcome = QLabel(self)
        self.outcome.setObjectName("muted")
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)  # it names a deck, and so a document's title

        self.cards = FlashcardPage(self)
        self.cards.answered.connect(self.refresh_progress)
        self.quiz = QuizPage(runner, databases, self._record_quiz, self)
        self.progress = ProgressPage(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.cards, "卡片")
        self.tabs.addTab(self.quiz, "测验")
        self.tabs.addTab(self.progress, "进度")
        self.tabs.currentChanged.connect(lambda _: self.refresh_progress())

        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("卡组", self))
        chooser.addWidget(self.kind)
        chooser.addWidget(self.target, 1)
        chooser.addWidget(self.size_label)
        chooser.addSpacing(12)
        chooser.addWidget(self.export_anki)
        chooser.addWidget(self.export_handbook)
        layout = QVBoxLayout(self)
        layout.addLayout(chooser)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.outcome)
        self.resize(980, 700)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.target.currentIndexChanged.connect(lambda _: self.load_deck())
        self._load_choices()

    # -- choosing a deck -------------------------------------------------------

    def _load_choices(self) -> None:
        databases = self.databases

        def work(ctx: TaskContext) -> Choices:
            browser = databases.browser()
            documents = [(citation_of(d.title, d.region, d.date) or d.file, d.id) for d in browser.documents().values()]
            files = [(f"{f.title or f.name}（{f.name}，导入于 {f.imported_at[:16].replace('T', ' ')}）", f.id)
                     for f in imported_files(browser.termbase)]
            return {"region": [(r, r) for r in browser.regions()], "document": documents, "file": files}

        # Channels carry the dialog's id: one study view's tasks never make another's answers stale.
        self.runner.submit(f"study-choices-{id(self)}", work, self._show_choices)

    def _show_choices(self, choices: Choices) -> None:
        self.choices = choices
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = str(self.kind.currentData())
        self.target.blockSignals(True)
        self.target.clear()
        for label, value in self.choices.get(kind, []):
            self.target.addItem(label, value)
        self.target.blockSignals(False)
        self.target.setVisible(kind in ("region", "document", "file"))
        self.load_deck()

    def spec(self) -> DeckSpec | None:
        """The deck the two boxes name (None while the second box has nothing to offer yet)."""
        kind = str(self.kind.currentData())
        if kind == "favourites":
            return DeckSpec(kind, tuple(self.userdata.favourites()))
        if kind == "all":
            return DeckSpec(kind)
        return DeckSpec(kind, self.target.currentData()) if self.target.count() else None

    def choose(self, kind: str, value: Any = None) -> None:
        """Pick a deck as the user would in the two boxes (value: a region, or a document or file id)."""
        self.kind.setCurrentIndex(self.kind.findData(kind))
        if value is not None:
            self.target.setCurrentIndex(self.target.findData(value))

    def load_deck(self) -> None:
        """Build the chosen deck in the background, then start flashcards and quiz on it."""
        spec = self.spec()
        if spec is None:
            return
        # The user database belongs to the GUI thread: what the deck takes from it is read here.
        own = self.userdata.all_definitions() if spec.kind == "favourites" else []
        databases, pool = self.databases, self.pool

        def work(ctx: TaskContext) -> tuple[Deck, list[Candidate]]:
            termbase = databases.browser().termbase
            # The pool of wrong answers is the whole term base's: read once a dialog (seconds on a large base).
            return build_deck(termbase, spec, own), pool or candidates(termbase)

        self.size_label.setText("正在准备卡组……")
        self.runner.submit(f"study-deck-{id(self)}", work, self._deck_ready, self._failed)

    def _deck_ready(self, loaded: tuple[Deck, list[Candidate]]) -> None:
        self.deck, self.pool = loaded
        self.size_label.setText(f"共 {len(self.deck)} 个术语")
        for button in (self.export_anki, self.export_handbook):
            button.setEnabled(bool(self.deck.entries))
        self.cards.start(Session(self.study, self.deck))
        self.quiz.start(self.deck, self.pool)
        self.refresh_progress()

    def refresh_progress(self) -> None:
        """Redraw the progress page from the user database."""
        if self.deck is not None:
            self.progress.show_progress(self.deck.name, self.study.progress(self.deck))

    def _record_quiz(self, entry: Entry, correct: bool) -> None:
        self.study.record_quiz(entry, correct)
        self.refresh_progress()

    # -- export ------------------------------------------------------------------

    def _save_path(self, title: str, suffix: str, label: str) -> Path | None:
        name = self.deck.name if self.deck is not None else "卡组"
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / f"{name}.{suffix}"), f"{label} (*.{suffix})")
        return Path(path) if path else None

    def _choose_anki_file(self) -> None:
        path = self._save_path("导出 Anki 卡组", "apkg", "Anki 卡组")
        if path:
            self.export_anki_to(path)

    def _choose_handbook_file(self) -> None:
        path = self._save_path("生成入职手册", "docx", "Word 文档")
        if path:
            self.export_handbook_to(path)

    # genanki and python-docx load only when something is exported: the window starts without them.

    def export_anki_to(self, path: Path) -> None:
        """Write the deck to path as an Anki package, in the background."""
        from ..core.learn.anki import write_apkg

        self._export(path.with_name(path.name + ".apkg") if path.suffix.lower() != ".apkg" else path, write_apkg,
                     "Anki 卡组")

    def export_handbook_to(self, path: Path) -> None:
        """Write the deck to path as an A4 Word handbook, in the background."""
        from ..core.learn.handbook import handbook_title, write_handbook

        self._export(path.with_name(path.name + ".docx") if path.suffix.lower() != ".docx" else path, write_handbook,
                     handbook_title(self.deck) if self.deck is not None else "手册")

    def _export(self, path: Path, write: Any, what: str) -> None:
        deck = self.deck
        if deck is None:
            return

        def work(ctx: TaskContext) -> str:
            try:
                count = write(deck, path)
            except OSError as error:  # a full disk, a read-only folder, the file open in Word
                return f"导出失败：无法写入 {path}（{error.strerror or error}）。原有文件未被改动。"
            return f"已将{what}（{count} 个术语）存到 {path}"

        for button in (self.export_anki, self.export_handbook):
            button.setEnabled(False)
        self.outcome.setText("正在导出……")
        self.runner.submit(f"study-export-{id(self)}", work, self._exported, self._failed, long=True)

    def _exported(self, message: str) -> None:
        self.outcome.setText(message)
        for button in (self.export_anki, self.export_handbook):
            button.setEnabled(self.deck is not None and bool(self.deck.entries))

    def _failed(self, message: str) -> None:
        self._exported("出错了：" + message.strip().splitlines()[-1])
        if self.deck is None:
            self.size_label.clear()
