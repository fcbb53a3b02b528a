from participation import privacy_admin  # noqa: F401  (registers its own hooks)
