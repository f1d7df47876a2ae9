"""The personal layer in the window: favourites, notes, own definitions and history, saved at once."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ..core.userdata import OwnDefinition, UserData
from .dialogs import NoteDialog, OwnDefinitionDialog
from .sidebar import Sidebar
from .termpage import TermPage


class PersonalLayer:
    """Connects the term page's buttons and the sidebar's lists to the user database."""

    def __init__(self, userdata: UserData, page: TermPage, sidebar: Sidebar, window: QWidget):
        self.userdata, self.page, self.sidebar, self.window = userdata, page, sidebar, window
        page.favourite_toggled.connect(self.set_favourite)
        page.note_requested.connect(self.edit_note)
        page.own_definition_requested.connect(self.add_definition)
        page.own_definition_deleted.connect(self.remove_definition)
        self.refresh_lists()

    def state(self, term: str) -> tuple[list[OwnDefinition], str, bool]:
        """The user's own definitions, note and favourite flag for term."""
        return self.userdata.definitions(term), self.userdata.note(term), self.userdata.is_favourite(term)

    def refresh_page(self) -> None:
        """Redraw the personal parts of the term page."""
        if self.page.term:
            self.page.show_personal(*self.state(self.page.term))

    def refresh_lists(self) -> None:
        """Reload the favourites and history tabs."""
        self.sidebar.favourites_model.set_terms(list(self.userdata.favourites()))
        self.sidebar.history_model.set_terms(list(self.userdata.history()))

    def record_visit(self, term: str) -> None:
        """Add term to the history."""
        self.userdata.record_visit(term)
        self.sidebar.history_model.set_terms(list(self.userdata.history()))

    def set_favourite(self, term: str, on: bool) -> None:
        """Add term to the favourites or take it out."""
        self.userdata.set_favourite(term, on)
        self.sidebar.favourites_model.set_terms(list(self.userdata.favourites()))
        self.refresh_page()

    def edit_note(self, term: str) -> None:
        """Ask for the note on term and save it."""
        dialog = NoteDialog(term, self.userdata.note(term), self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.userdata.set_note(term, dialog.text())
            self.refresh_page()

    def add_definition(self, term: str) -> None:
        """Ask for an own definition of term and save it."""
        dialog = OwnDefinitionDialog(term, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            text, source = dialog.values()
            if text:
                self.userdata.add_definition(term, text, source)
                self.refresh_page()

    def remove_definition(self, definition_id: int) -> None:
        """Delete an own definition once the user confirms."""
        answer = QMessageBox.question(self.window, "删除释义", "确定删除这条自己添加的释义吗？",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.userdata.remove_definition(definition_id)
            self.refresh_page()
