"""The desktop app: Qt widgets, item models and the background-operation helper over glossary_app.core."""
