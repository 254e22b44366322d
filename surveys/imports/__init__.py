"""CSV imports of responses: the file checked and previewed, then imported in the
background, resumable and cancellable."""
