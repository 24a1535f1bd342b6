"""Pages of the accounts app, one module per area: ``auth`` (signing in and out,
registration, forgotten password), ``account`` (the person's own account) and
``organisations`` (businesses, members, acting for one). ``urls.py`` maps them."""
