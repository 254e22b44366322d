"""Our date and time formats per language (settings.FORMAT_MODULE_PATH), where Django's
do not suit our readers; anything not set here falls back to Django's own."""
