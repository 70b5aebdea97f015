"""The app's pages (one module each) and the small helpers they share."""
