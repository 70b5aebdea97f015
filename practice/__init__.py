"""The practice server's command line: ``python -m practice init | add-therapist | migrate |
backup OUT | serve | recover``.

For the administrator of a practice that runs Trust Check-up as client intake on its own server
(docs/practice.md, deploy/README.md). It sets up and upgrades the database named by
``$TRUSTCHECK_DATABASE_URL`` through ``storage`` (``store.practice``), writes consistent backups
and starts the app in practice mode through the project's launcher (``python -m app_pages.serve``,
run as its own process: this package never imports ``app_pages`` or streamlit). Nothing imports
``practice``. Every line it prints comes from ``locales/<lang>/cli-practice.po``.
"""
