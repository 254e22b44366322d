"""E-mail invitations: a survey link per recipient, sent in the background, retried or
cancelled by the manager."""
