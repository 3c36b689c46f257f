"""What the build adds to pages: navigation, sources, the cite box, tag pages."""
